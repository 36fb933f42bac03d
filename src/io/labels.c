/*
 * Column labels of exported files, in Chinese and English: the words a
 * user sees in the app's forms. The header matcher (headers.c) reads the
 * same table first, so a labelled export imports back without a mapping.
 * A label is unique within its entity and language.
 */
#include <stdio.h>
#include <string.h>

#include "io.h"

typedef struct {
    const char *entity; /* NULL: every entity with the target */
    const char *target; /* a field name, or "owner" / "rep" (a rep by name) */
    const char *zh, *en;
} label;

static const label labels[] = {
    {"reps", "ext_id", "工号", "Employee ID"},
    {"reps", "name", "姓名", "Name"},
    {"reps", "team", "团队", "Team"},
    {"reps", "role", "角色", "Role"},
    {"reps", "goal_won_amount", "业绩目标", "Revenue goal"},
    {"reps", "goal_followups", "跟进目标", "Follow-up goal"},
    {"reps", "active", "在职", "Active"},
    {"customers", "ext_id", "客户编号", "Customer code"},
    {"customers", "name", "客户名称", "Name"},
    {"customers", "status", "客户状态", "Status"},
    {"customers", "archived", "已归档", "Archived"},
    {"deals", "ext_id", "商机编号", "Deal code"},
    {"deals", "title", "商机名称", "Title"},
    {"deals", "amount", "金额", "Amount"},
    {"deals", "stage", "阶段", "Stage"},
    {"deals", "status", "商机状态", "Status"},
    {"deals", "closed_at", "成交日期", "Closed"},
    {"deals", "lost_reason", "输单原因", "Lost reason"},
    {"followups", "ext_id", "跟进编号", "Follow-up code"},
    {"followups", "rep", "跟进人", "Rep"},
    {"followups", "at", "跟进时间", "Date"},
    {"followups", "channel", "跟进方式", "Channel"},
    {"followups", "direction", "方向", "Direction"},
    {"followups", "summary", "跟进内容", "Summary"},
    {"followups", "outcome", "跟进结果", "Outcome"},
    {"followups", "customer_replied", "客户回复", "Customer replied"},
    {"followups", "next_action", "下一步", "Next action"},
    {"followups", "next_due_at", "下次跟进时间", "Next follow-up"},
    {"tickets", "ext_id", "工单编号", "Ticket code"},
    {"tickets", "rep", "处理人", "Rep"},
    {"tickets", "subject", "主题", "Subject"},
    {"tickets", "category", "工单类型", "Category"},
    {"tickets", "priority", "优先级", "Priority"},
    {"tickets", "status", "工单状态", "Status"},
    {"tickets", "first_response_at", "首次响应时间", "First response"},
    {"tickets", "resolved_at", "解决时间", "Resolved"},
    {"surveys", "ext_id", "问卷编号", "Survey code"},
    {"surveys", "kind", "问卷类型", "Kind"},
    {"surveys", "score", "评分", "Score"},
    {"surveys", "touchpoint", "触点", "Touchpoint"},
    {"surveys", "at", "评价时间", "Date"},
    {"surveys", "comment", "评价", "Comment"},
    {"orders", "ext_id", "订单号", "Order no"},
    {"orders", "rep", "销售", "Rep"},
    {"orders", "at", "下单时间", "Date"},
    {"orders", "amount", "订单金额", "Amount"},
    {"orders", "category", "品类", "Category"},
    {"events", "ext_id", "事件编号", "Event code"},
    {"events", "kind", "事件", "Kind"},
    {"events", "at", "时间", "Date"},
    /* shared */
    {NULL, "owner", "负责人", "Owner"},
    {NULL, "customer_id", "客户ID", "Customer ID"},
    {NULL, "deal_id", "商机ID", "Deal ID"},
    {NULL, "ticket_id", "工单ID", "Ticket ID"},
    {NULL, "company", "公司", "Company"},
    {NULL, "industry", "行业", "Industry"},
    {NULL, "source", "来源", "Source"},
    {NULL, "channel", "渠道", "Channel"},
    {NULL, "region", "地区", "Region"},
    {NULL, "phone", "电话", "Phone"},
    {NULL, "email", "邮箱", "Email"},
    {NULL, "wechat", "微信", "WeChat"},
    {NULL, "tier", "等级", "Tier"},
    {NULL, "budget", "预算", "Budget"},
    {NULL, "decision_maker", "决策人", "Decision maker"},
    {NULL, "pain_points", "痛点", "Pain points"},
    {NULL, "tags", "标签", "Tags"},
    {NULL, "custom", "自定义字段", "Custom fields"},
    {NULL, "product", "产品", "Product"},
    {NULL, "created_at", "创建时间", "Created"},
};
#define NLABELS (sizeof labels / sizeof labels[0])

int gj_io_label_lang(const char *name)
{
    if (!name) return GJ_LABELS_NONE;
    if (strcmp(name, "zh-CN") == 0) return GJ_LABELS_ZH;
    if (strcmp(name, "en") == 0) return GJ_LABELS_EN;
    return -1;
}

const char *gj_io_label(const gj_entity *e, const char *target, int lang)
{
    size_t i, pass;
    for (pass = 0; pass < 2; pass++) /* the entity's own label before a shared one */
        for (i = 0; i < NLABELS; i++) {
            const label *l = &labels[i];
            if ((pass == 0) != (l->entity != NULL)) continue;
            if (l->entity && strcmp(l->entity, e->name) != 0) continue;
            if (strcmp(l->target, target) == 0) return lang == GJ_LABELS_ZH ? l->zh : l->en;
        }
    return NULL;
}

const char *gj_io_label_target(const gj_entity *e, const char *header, int (*same)(const char *, const char *))
{
    size_t i, pass;
    gj_target t;
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < NLABELS; i++) {
            const label *l = &labels[i];
            if ((pass == 0) != (l->entity != NULL)) continue;
            if (l->entity && strcmp(l->entity, e->name) != 0) continue;
            if (gj_target_parse(e, l->target, &t) != 0) continue;
            if (same(header, l->zh) || same(header, l->en)) return l->target;
        }
    return NULL;
}

/* The column target of field i when exported with labels: a rep
 * reference is written as the rep's name under "owner" or "rep". */
const char *gj_io_export_target(const gj_entity *e, int i)
{
    const gj_field *f = &e->fields[i];
    if (f->type == GJ_FT_REF && strcmp(f->ref, "reps") == 0)
        return strcmp(f->name, "owner_id") == 0 ? "owner" : "rep";
    return f->name;
}
