/*
 * Which Genjin field a source column fills. A column's target is an API
 * field name, a reference by external key (customer_ext_id, deal_ext_id,
 * ticket_ext_id), a rep by name or ext_id (rep, owner), the name of the
 * customer (customer_name) or a custom field (custom.<key>). Headers are
 * matched after normalising (ASCII lower case; spaces, _ - . * : and
 * brackets dropped) against the target names and the aliases below.
 */
#include <stdio.h>
#include <string.h>

#include "io.h"

typedef struct {
    const char *entity; /* NULL: any entity that has the target */
    const char *target;
    const char *aliases; /* '|'-separated, compared normalised */
} alias;

static const alias aliases[] = {
    /* references */
    {NULL, "customer_ext_id", "customer ext id|customer external id|customer code|客户编号|客户编码|客户代码|客户外部编号"},
    {NULL, "customer_name", "customer|customer name|客户|客户名称|客户名|客户姓名"},
    {NULL, "deal_ext_id", "deal ext id|deal code|商机编号|机会编号|项目编号"},
    {NULL, "ticket_ext_id", "ticket ext id|ticket code|工单编号"},
    {NULL, "owner", "owner|owner name|sales rep|负责人|所属销售|客户经理|销售|销售代表|业务员|归属人"},
    {NULL, "rep", "rep|rep name|sales rep|agent|负责人|跟进人|销售|销售代表|业务员|客服|处理人|经办人"},
    /* reps */
    {"reps", "ext_id", "employee id|工号|员工编号|编号"},
    {"reps", "name", "rep|rep name|姓名|名字|员工|员工姓名|销售|销售姓名"},
    {"reps", "team", "团队|小组|部门"},
    {"reps", "role", "角色|岗位|职位"},
    {"reps", "goal_won_amount", "业绩目标|销售目标|目标金额"},
    {"reps", "goal_followups", "跟进目标|目标跟进数"},
    {"reps", "active", "在职|启用|是否在职"},
    /* customers */
    {"customers", "ext_id", "customer id|customer code|客户编号|客户编码|客户代码|编号"},
    {"customers", "name", "customer|customer name|contact|客户名称|客户名|客户|客户姓名|姓名|联系人"},
    {"customers", "channel", "渠道|获客渠道"},
    {"customers", "status", "客户状态|状态|生命周期"},
    {"customers", "created_at", "创建时间|创建日期|录入时间|添加时间"},
    {"customers", "archived", "归档|已归档"},
    /* deals */
    {"deals", "ext_id", "deal id|deal code|商机编号|机会编号|项目编号|编号"},
    {"deals", "title", "deal|deal name|标题|商机名称|商机|机会名称|项目名称"},
    {"deals", "amount", "金额|合同金额|商机金额|预计金额|预计成交金额"},
    {"deals", "stage", "阶段|销售阶段|商机阶段"},
    {"deals", "status", "状态|商机状态|结果"},
    {"deals", "created_at", "创建时间|创建日期"},
    {"deals", "closed_at", "closed|成交日期|成交时间|关闭时间|结束日期"},
    {"deals", "lost_reason", "输单原因|丢单原因|失败原因"},
    /* follow-ups */
    {"followups", "ext_id", "followup id|跟进编号|记录编号|编号"},
    {"followups", "at", "date|time|日期|时间|跟进时间|跟进日期|联系时间|联系日期"},
    {"followups", "channel", "type|方式|跟进方式|联系方式|沟通方式|渠道|类型"},
    {"followups", "direction", "方向|呼入呼出"},
    {"followups", "summary", "notes|note|content|内容|跟进内容|摘要|备注|记录|跟进记录"},
    {"followups", "outcome", "result|结果|跟进结果"},
    {"followups", "customer_replied", "replied|客户回复|已回复|是否回复"},
    {"followups", "next_action", "next step|下一步|下次行动|下一步计划|后续计划"},
    {"followups", "next_due_at", "next date|next due|下次跟进时间|下次跟进日期|下次联系时间|下次联系日期"},
    /* tickets */
    {"tickets", "ext_id", "ticket id|工单编号|编号"},
    {"tickets", "subject", "title|主题|标题|问题|问题描述"},
    {"tickets", "channel", "渠道|来源渠道"},
    {"tickets", "category", "type|类型|分类|工单类型"},
    {"tickets", "priority", "优先级|紧急程度"},
    {"tickets", "status", "状态|工单状态"},
    {"tickets", "created_at", "created|创建时间|提交时间|日期"},
    {"tickets", "first_response_at", "首次响应时间|响应时间"},
    {"tickets", "resolved_at", "resolved|解决时间|完成时间"},
    /* surveys */
    {"surveys", "ext_id", "survey id|问卷编号|编号"},
    {"surveys", "kind", "type|类型|问卷类型"},
    {"surveys", "score", "分数|评分|得分"},
    {"surveys", "touchpoint", "触点|场景"},
    {"surveys", "at", "date|time|日期|时间|评价时间"},
    {"surveys", "comment", "评价|备注|意见|留言"},
    /* orders */
    {"orders", "ext_id", "order id|order no|订单编号|订单号|编号"},
    {"orders", "at", "date|time|order date|下单时间|下单日期|订单日期|日期|时间"},
    {"orders", "amount", "金额|订单金额|实付金额|成交金额"},
    {"orders", "product", "产品|商品|商品名称|产品名称"},
    {"orders", "category", "品类|类别|分类|产品类别"},
    /* events */
    {"events", "ext_id", "event id|事件编号|编号"},
    {"events", "kind", "event|type|事件|类型|行为"},
    {"events", "at", "date|time|日期|时间"},
    /* shared by several entities */
    {NULL, "company", "company name|公司|公司名称|企业|企业名称|单位"},
    {NULL, "phone", "tel|telephone|mobile|phone number|电话|手机|手机号|手机号码|联系电话|电话号码"},
    {NULL, "email", "e-mail|mail|邮箱|电子邮箱|邮件地址"},
    {NULL, "wechat", "weixin|微信|微信号"},
    {NULL, "industry", "行业|所属行业"},
    {NULL, "source", "来源|客户来源|线索来源"},
    {NULL, "region", "地区|区域|省份|城市"},
    {NULL, "tier", "等级|客户等级|级别|分级"},
    {NULL, "budget", "预算"},
    {NULL, "decision_maker", "决策人"},
    {NULL, "pain_points", "痛点|需求"},
    {NULL, "tags", "tag|标签"},
    {NULL, "product", "产品"},
    {NULL, "created_at", "created|创建时间"},
};

/* Normalised form of a header: see the comment at the top. */
static void norm(const char *s, char *out, size_t cap)
{
    static const char *const drop[] = {"（", "）", "：", "　", "【", "】", NULL};
    size_t n = 0;
    while (*s && n + 1 < cap) {
        int i, dropped = 0;
        for (i = 0; drop[i]; i++) {
            size_t k = strlen(drop[i]);
            if (strncmp(s, drop[i], k) == 0) { s += k; dropped = 1; break; }
        }
        if (dropped) continue;
        if (strchr(" _-.*:()[]\t", *s)) { s++; continue; }
        out[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
        s++;
    }
    out[n] = 0;
}

/* Whether two headers are the same once normalised. */
static int same_header(const char *a, const char *b)
{
    char x[256], y[256];
    norm(a, x, sizeof x);
    norm(b, y, sizeof y);
    return *x && strcmp(x, y) == 0;
}

static int has(const gj_entity *e, const char *field) { return gj_entity_field(e, field) >= 0; }

int gj_target_parse(const gj_entity *e, const char *name, gj_target *t)
{
    int idx;
    memset(t, 0, sizeof *t);
    t->field = -1;
    if (!name || !*name) return 0; /* ignore */
    snprintf(t->name, sizeof t->name, "%s", name);
    if (strncmp(name, "custom.", 7) == 0 && name[7] && has(e, "custom")) {
        t->kind = GJ_T_CUSTOM;
        return 0;
    }
    if (strcmp(name, "customer_ext_id") == 0 && has(e, "customer_id")) t->kind = GJ_T_CUSTOMER_EXT;
    else if (strcmp(name, "customer_name") == 0 && has(e, "customer_id")) t->kind = GJ_T_CUSTOMER_NAME;
    else if (strcmp(name, "deal_ext_id") == 0 && has(e, "deal_id")) t->kind = GJ_T_DEAL_EXT;
    else if (strcmp(name, "ticket_ext_id") == 0 && has(e, "ticket_id")) t->kind = GJ_T_TICKET_EXT;
    else if (strcmp(name, "rep") == 0 && has(e, "rep_id")) {
        t->kind = GJ_T_REP;
        t->field = gj_entity_field(e, "rep_id");
    } else if (strcmp(name, "owner") == 0 && has(e, "owner_id")) {
        t->kind = GJ_T_REP;
        t->field = gj_entity_field(e, "owner_id");
    } else {
        idx = gj_entity_field(e, name);
        if (idx <= 0) return -1; /* unknown, or "id" which Genjin assigns */
        t->kind = GJ_T_FIELD;
        t->field = idx;
    }
    return 0;
}

int gj_target_names(const gj_entity *e, const char **out, int cap)
{
    static const char *const virt[] = {"customer_ext_id", "customer_name", "deal_ext_id",
                                       "ticket_ext_id", "rep", "owner", NULL};
    gj_target t;
    int i, n = 0;
    for (i = 1; i < e->nfields && n < cap; i++) out[n++] = e->fields[i].name;
    for (i = 0; virt[i] && n < cap; i++)
        if (gj_target_parse(e, virt[i], &t) == 0) out[n++] = virt[i];
    return n;
}

const char *gj_header_suggest(const gj_entity *e, const char *header)
{
    char h[256], a[256];
    const char *label;
    size_t i;
    int f;
    gj_target t;
    norm(header, h, sizeof h);
    if (!*h) return NULL;
    /* the labels of a labelled export (labels.c) */
    if ((label = gj_io_label_target(e, header, same_header)) != NULL) return label;
    /* exact target names (normalised, so "Customer Ext ID" works) */
    for (f = 1; f < e->nfields; f++) {
        norm(e->fields[f].name, a, sizeof a);
        if (strcmp(a, h) == 0) return e->fields[f].name;
    }
    /* entity-specific aliases before shared ones: 名称 differs by kind */
    for (i = 0; i < sizeof aliases / sizeof aliases[0] * 2; i++) {
        const alias *al = &aliases[i % (sizeof aliases / sizeof aliases[0])];
        const char *p = al->aliases;
        int pass = (int)(i / (sizeof aliases / sizeof aliases[0]));
        if ((pass == 0) != (al->entity != NULL)) continue;
        if (al->entity && strcmp(al->entity, e->name) != 0) continue;
        if (gj_target_parse(e, al->target, &t) != 0) continue;
        norm(al->target, a, sizeof a);
        if (strcmp(a, h) == 0) return al->target;
        while (*p) {
            const char *bar = strchr(p, '|');
            size_t k = bar ? (size_t)(bar - p) : strlen(p);
            char one[128];
            snprintf(one, sizeof one, "%.*s", (int)k, p);
            norm(one, a, sizeof a);
            if (strcmp(a, h) == 0) return al->target;
            p += k + (bar ? 1 : 0);
        }
    }
    return NULL;
}
