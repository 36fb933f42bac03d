/*
 * Deterministic demo data: the same options give the same rows. "Today" is
 * the start of the UTC day of `now`, so two runs on one day are identical.
 * Records go through gj_record_create/update, so demo data obeys every rule
 * real data does; row audit is off and one summary audit entry is written.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "demo_int.h"

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇",
                                    "艳", "杰", "涛", "明", "超", "秀英", "华", "丽", "建国", "晓东"};
static const char *const cities[] = {"杭州", "上海", "深圳", "广州", "北京", "成都", "苏州", "南京", "武汉", "西安"};
static const char *const brands[] = {"云帆", "启明", "恒信", "博远", "智联", "华科", "天成", "锐思", "瑞丰", "蓝海",
                                     "金桥", "新程", "慧通", "众诚", "长风", "海川"};
static const char *const kinds[] = {"科技有限公司", "教育科技有限公司", "贸易有限公司", "电子商务有限公司",
                                    "制造有限公司", "信息技术有限公司"};
static const char *const industries[] = {"教育", "SaaS", "制造", "零售", "电商", "医疗", "金融", "物流"};
static const char *const sources[] = {"官网", "转介绍", "展会", "广告投放", "电话营销", "微信"};
static const char *const channels[] = {"线上", "线下", "渠道伙伴"};
static const char *const regions[] = {"华东", "华南", "华北", "西南", "华中"};
static const char *const products[][2] = {{"标准版订阅", "软件订阅"}, {"专业版订阅", "软件订阅"},
                                          {"实施服务", "服务"}, {"培训课程", "培训"},
                                          {"硬件终端", "硬件"}, {"增值包", "软件订阅"}};
static const char *const fu_channels[] = {"phone", "phone", "wechat", "wechat", "wechat", "email", "visit", "meeting"};
static const char *const outcomes[] = {"客户有兴趣，约下次演示", "已发送报价", "需求已确认", "客户在比较竞品",
                                       "决策人出差，下周再联系", "客户反馈价格偏高", "已约上门拜访", "未接通"};
static const char *const next_actions[] = {"发送方案", "电话回访", "安排演示", "发送合同", "跟进付款", "上门拜访"};
static const char *const subjects[] = {"无法登录", "发票问题", "功能咨询", "数据导出报错", "续费咨询",
                                       "服务态度投诉", "硬件故障", "培训安排"};
static const char *const lost_reasons[] = {"价格", "选择了竞品", "预算取消", "需求不匹配"};
static const char *const rep_names[] = {"王芳", "李强", "张伟", "刘洋", "陈静", "杨磊",
                                        "赵敏", "黄鹏", "周杰", "吴婷", "徐亮", "孙丽"};


void gj_demo_setv(const gj_entity *e, gj_record *rec, const char *name, gj_value v)
{
    int i = gj_entity_field(e, name);
    rec->v[i] = v;
    rec->set[i] = 1;
}

int gj_demo_create(demo *d, const char *entity, gj_record *rec, int64_t *id)
{
    const gj_entity *e = gj_entity_find(entity);
    const gj_entity *const *all = gj_entity_all();
    int64_t tmp;
    int i, rc = gj_record_create(d->db, e, rec, id ? id : &tmp);
    for (i = 0; all[i]; i++)
        if (all[i] == e && rc == GJ_OK) d->made[i]++;
    return rc;
}

int gj_demo_reps(demo *d, int customers)
{
    const gj_entity *e = gj_entity_find("reps");
    int n = customers / 150, i, rc;
    if (n < 4) n = 4;
    if (n > 12) n = 12;
    for (i = 0; i < n; i++) {
        gj_record rec;
        int64_t id = 0;
        const char *role = i == 0 ? "manager" : (i % 4 == 3 ? "service" : "sales");
        double goal_amount = (double)range(&d->r, 20, 80) * 10000;
        int64_t goal_followups = range(&d->r, 80, 200);
        gj_record_init(&rec);
        snprintf(d->buf[0], sizeof d->buf[0], "demo-R%03d", i + 1);
        snprintf(d->buf[1], sizeof d->buf[1], "rep%d@example.com", i + 1);
        /* A second demo load joins the same team instead of cloning it. */
        if ((rc = gj_record_find_ext(d->db, e, d->buf[0], &id)) != GJ_OK) return rc;
        if (id) {
            if (strcmp(role, "service") == 0) d->service[d->nservice++] = id;
            else d->sales[d->nsales++] = id;
            continue;
        }
        gj_demo_setv(e, &rec, "ext_id", gj_vtext(d->buf[0]));
        gj_demo_setv(e, &rec, "name", gj_vtext(rep_names[i]));
        gj_demo_setv(e, &rec, "team", gj_vtext(strcmp(role, "service") == 0 ? "客服组" : (i % 2 ? "华东组" : "华南组")));
        gj_demo_setv(e, &rec, "role", gj_vtext(role));
        gj_demo_setv(e, &rec, "email", gj_vtext(d->buf[1]));
        gj_demo_setv(e, &rec, "goal_won_amount", gj_vreal(goal_amount));
        gj_demo_setv(e, &rec, "goal_followups", gj_vint(goal_followups));
        gj_demo_setv(e, &rec, "created_at", gj_vint(d->today - 400 * DAY));
        if ((rc = gj_demo_create(d, "reps", &rec, &id)) != GJ_OK) return rc;
        if (strcmp(role, "service") == 0) d->service[d->nservice++] = id;
        else d->sales[d->nsales++] = id;
    }
    return GJ_OK;
}

/* A deal moving through the pipeline: each stage entry is a real update at
 * its own time, so stage history and deadlines look like live use. */
int gj_demo_deal(demo *d, int64_t cust, int64_t owner, int64_t start, int will_buy, int64_t *won_at,
                     double *won_amount)
{
    const gj_entity *e = gj_entity_find("deals");
    const gj_settings *s = gj_settings_get(d->db);
    gj_record rec;
    int64_t id, t = start;
    int stage, last, k, rc, p = pick(&d->r, 6);
    double amount = (double)range(&d->r, 5, 300) * 1000;
    if (!s) return gj_db_errcode(d->db);
    last = s->nstages - 1;
    stage = will_buy ? last : pick(&d->r, s->nstages);
    gj_record_init(&rec);
    gj_demo_setv(e, &rec, "customer_id", gj_vint(cust));
    gj_demo_setv(e, &rec, "owner_id", gj_vint(owner));
    snprintf(d->buf[2], sizeof d->buf[2], "%s - %s", products[p][0], PICK(&d->r, cities));
    gj_demo_setv(e, &rec, "title", gj_vtext(d->buf[2]));
    gj_demo_setv(e, &rec, "product", gj_vtext(products[p][0]));
    gj_demo_setv(e, &rec, "amount", gj_vreal(amount));
    gj_demo_setv(e, &rec, "created_at", gj_vint(t));
    gj_demo_setv(e, &rec, "stage", gj_vtext(s->stage[0]));
    if ((rc = gj_demo_create(d, "deals", &rec, &id)) != GJ_OK) return rc;
    for (k = 1; k <= stage; k++) {
        /* usually within the stage deadline, sometimes late */
        t += (int64_t)((s->deadline_days[k] > 0 ? s->deadline_days[k] : 1) * DAY *
                       (chance(&d->r, 0.75) ? unif(&d->r) : 1.0 + 2 * unif(&d->r)));
        if (t >= d->today) return GJ_OK; /* still open in this stage */
        gj_set_now(d->db, t);
        gj_record_init(&rec);
        gj_demo_setv(e, &rec, "stage", gj_vtext(s->stage[k]));
        if ((rc = gj_record_update(d->db, e, id, &rec)) != GJ_OK) return rc;
    }
    t += range(&d->r, 1, 10) * DAY;
    if (t >= d->today || (!will_buy && chance(&d->r, 0.45))) return GJ_OK; /* open */
    gj_record_init(&rec);
    gj_demo_setv(e, &rec, "status", gj_vtext(will_buy ? "won" : "lost"));
    gj_demo_setv(e, &rec, "closed_at", gj_vint(t));
    if (!will_buy) gj_demo_setv(e, &rec, "lost_reason", gj_vtext(PICK(&d->r, lost_reasons)));
    if ((rc = gj_record_update(d->db, e, id, &rec)) != GJ_OK) return rc;
    if (will_buy) { *won_at = t; *won_amount = amount; }
    return GJ_OK;
}

int gj_demo_order(demo *d, int64_t cust, int64_t rep, int64_t at, double amount)
{
    const gj_entity *e = gj_entity_find("orders");
    gj_record rec;
    int p = pick(&d->r, 6);
    gj_record_init(&rec);
    gj_demo_setv(e, &rec, "customer_id", gj_vint(cust));
    gj_demo_setv(e, &rec, "rep_id", gj_vint(rep));
    gj_demo_setv(e, &rec, "at", gj_vint(at));
    gj_demo_setv(e, &rec, "amount", gj_vreal(amount > 0 ? amount : (double)range(&d->r, 5, 200) * 100));
    gj_demo_setv(e, &rec, "product", gj_vtext(products[p][0]));
    gj_demo_setv(e, &rec, "category", gj_vtext(products[p][1]));
    return gj_demo_create(d, "orders", &rec, NULL);
}

int gj_demo_followup(demo *d, int64_t cust, int64_t owner, int64_t t, double reply_p, int unanswered)
{
    const gj_entity *e = gj_entity_find("followups");
    gj_record rec;
    int64_t rep = chance(&d->r, 0.9) ? owner : d->sales[pick(&d->r, d->nsales)];
    gj_record_init(&rec);
    gj_demo_setv(e, &rec, "customer_id", gj_vint(cust));
    gj_demo_setv(e, &rec, "rep_id", gj_vint(rep));
    gj_demo_setv(e, &rec, "at", gj_vint(t));
    gj_demo_setv(e, &rec, "channel", gj_vtext(PICK(&d->r, fu_channels)));
    gj_demo_setv(e, &rec, "direction", gj_vtext(chance(&d->r, 0.85) ? "outbound" : "inbound"));
    gj_demo_setv(e, &rec, "summary", gj_vtext(PICK(&d->r, outcomes)));
    if (chance(&d->r, 0.8)) gj_demo_setv(e, &rec, "outcome", gj_vtext(PICK(&d->r, outcomes)));
    gj_demo_setv(e, &rec, "customer_replied", gj_vint(unanswered ? 0 : chance(&d->r, reply_p)));
    if (chance(&d->r, 0.7)) {
        gj_demo_setv(e, &rec, "next_action", gj_vtext(PICK(&d->r, next_actions)));
        gj_demo_setv(e, &rec, "next_due_at", gj_vint(t + range(&d->r, 1, 10) * DAY));
    }
    return gj_demo_create(d, "followups", &rec, NULL);
}

static int make_followups(demo *d, int64_t cust, int64_t owner, int64_t from, int64_t until,
                          double reply_p, int cadence_days, int silent_tail)
{
    int64_t t = from + range(&d->r, 0, 2) * DAY;
    int rc, n = 0;
    t += range(&d->r, 9 * 3600, 18 * 3600); /* separate statements: C leaves the
                                               order of operands unspecified */
    while (t < until) {
        int64_t next = t + (int64_t)((0.4 + 1.2 * unif(&d->r)) * cadence_days * DAY);
        int tail = next >= until; /* the last few are unanswered for silent customers */
        if ((rc = gj_demo_followup(d, cust, owner, t, reply_p, silent_tail && n >= 2 && tail)) != GJ_OK)
            return rc;
        t = next;
        n++;
    }
    return GJ_OK;
}

int gj_demo_tickets(demo *d, int64_t cust, int64_t from, int n, int csat)
{
    const gj_entity *e = gj_entity_find("tickets");
    const gj_entity *se = gj_entity_find("surveys");
    static const char *const cats[] = {"question", "question", "question", "question", "complaint",
                                       "after_sales", "after_sales", "other"};
    int i, rc;
    for (i = 0; i < n; i++) {
        gj_record rec;
        int64_t id, created = range(&d->r, from, d->today - 3600);
        double first_h = exp(unif(&d->r) * 4.5 - 1.5); /* ~0.2 h to ~20 h */
        double resolve_h = first_h + exp(unif(&d->r) * 5);
        int64_t first = created + (int64_t)(first_h * 3600);
        int64_t resolved = created + (int64_t)(resolve_h * 3600);
        const char *cat = PICK(&d->r, cats);
        gj_record_init(&rec);
        gj_demo_setv(e, &rec, "customer_id", gj_vint(cust));
        gj_demo_setv(e, &rec, "rep_id", gj_vint(d->service[pick(&d->r, d->nservice)]));
        gj_demo_setv(e, &rec, "subject", gj_vtext(PICK(&d->r, subjects)));
        gj_demo_setv(e, &rec, "channel", gj_vtext(PICK(&d->r, fu_channels) [0] == 'w' ? "wechat" : "phone"));
        gj_demo_setv(e, &rec, "category", gj_vtext(cat));
        gj_demo_setv(e, &rec, "priority", gj_vtext(strcmp(cat, "complaint") == 0 ? "high" : "normal"));
        gj_demo_setv(e, &rec, "created_at", gj_vint(created));
        if (first < d->today && chance(&d->r, 0.95)) {
            gj_demo_setv(e, &rec, "first_response_at", gj_vint(first));
            if (resolved < d->today && chance(&d->r, 0.9)) gj_demo_setv(e, &rec, "resolved_at", gj_vint(resolved));
        }
        if ((rc = gj_demo_create(d, "tickets", &rec, &id)) != GJ_OK) return rc;
        d->last_ticket = id;
        d->last_ticket_at = created;
        if (csat && rec.set[gj_entity_field(e, "resolved_at")] && chance(&d->r, 0.6)) {
            int64_t at = resolved + range(&d->r, 600, 2 * DAY);
            int score = (int)range(&d->r, 1, 5);
            if (score < 4 && chance(&d->r, 0.6)) score = 4 + (int)range(&d->r, 0, 1);
            if (at >= d->today) continue;
            gj_record_init(&rec);
            gj_demo_setv(se, &rec, "customer_id", gj_vint(cust));
            gj_demo_setv(se, &rec, "ticket_id", gj_vint(id));
            gj_demo_setv(se, &rec, "kind", gj_vtext("csat"));
            gj_demo_setv(se, &rec, "score", gj_vint(score));
            gj_demo_setv(se, &rec, "touchpoint", gj_vtext("after_service"));
            gj_demo_setv(se, &rec, "at", gj_vint(at));
            if ((rc = gj_demo_create(d, "surveys", &rec, NULL)) != GJ_OK) return rc;
        }
    }
    return GJ_OK;
}

int gj_demo_event(demo *d, int64_t cust, int64_t at)
{
    const gj_entity *e = gj_entity_find("events");
    static const char *const ev[] = {"login", "login", "login", "feature_use", "feature_use", "interaction"};
    gj_record rec;
    gj_record_init(&rec);
    gj_demo_setv(e, &rec, "customer_id", gj_vint(cust));
    gj_demo_setv(e, &rec, "kind", gj_vtext(PICK(&d->r, ev)));
    gj_demo_setv(e, &rec, "at", gj_vint(at));
    return gj_demo_create(d, "events", &rec, NULL);
}

static int make_events(demo *d, int64_t cust, int64_t from, double per_week, int dropping)
{
    int64_t t = from;
    int rc;
    if (per_week <= 0) return GJ_OK;
    for (;;) {
        double rate = per_week;
        if (dropping && t > d->today - 28 * DAY) rate *= 0.2; /* the activity drop */
        t += (int64_t)(unif(&d->r) * 2 * 7 * DAY / rate) + 60;
        if (t >= d->today) break;
        if ((rc = gj_demo_event(d, cust, t)) != GJ_OK) return rc;
    }
    return GJ_OK;
}

int gj_demo_customer_record(demo *d, int i, int type, int64_t owner, int64_t *created, int64_t *id)
{
    const gj_entity *e = gj_entity_find("customers");
    static const char *const status[] = {"lead", "prospect", "customer", "customer", "churned"};
    gj_record rec;
    /* One random draw per statement: the order in which C evaluates function
     * arguments or operands is unspecified (gcc and clang differ), and the
     * native and WASM builds must produce the same data. */
    const char *sur, *giv, *city, *brand, *kind;
    int prefix, number;
    *created += range(&d->r, 0, DAY - 1);
    sur = PICK(&d->r, surnames);
    giv = PICK(&d->r, given);
    city = PICK(&d->r, cities);
    brand = PICK(&d->r, brands);
    kind = PICK(&d->r, kinds);
    prefix = (int)range(&d->r, 30, 99);
    number = (int)range(&d->r, 0, 99999999);
    gj_record_init(&rec);
    snprintf(d->buf[0], sizeof d->buf[0], "%s%s", sur, giv);
    snprintf(d->buf[1], sizeof d->buf[1], "%s%s%s", city, brand, kind);
    snprintf(d->buf[2], sizeof d->buf[2], "1%02d%08d", prefix, number);
    snprintf(d->buf[3], sizeof d->buf[3], "c%d@example.com", i + 1);
    snprintf(d->buf[4], sizeof d->buf[4], "wx_%d", i + 1);
    snprintf(d->buf[5], sizeof d->buf[5], "demo%llu-C%06d", (unsigned long long)d->seed, i + 1);
    gj_demo_setv(e, &rec, "ext_id", gj_vtext(d->buf[5]));
    gj_demo_setv(e, &rec, "name", gj_vtext(d->buf[0]));
    gj_demo_setv(e, &rec, "company", gj_vtext(d->buf[1]));
    gj_demo_setv(e, &rec, "industry", gj_vtext(PICK(&d->r, industries)));
    gj_demo_setv(e, &rec, "source", gj_vtext(PICK(&d->r, sources)));
    gj_demo_setv(e, &rec, "channel", gj_vtext(PICK(&d->r, channels)));
    gj_demo_setv(e, &rec, "region", gj_vtext(PICK(&d->r, regions)));
    gj_demo_setv(e, &rec, "phone", gj_vtext(d->buf[2]));
    gj_demo_setv(e, &rec, "email", gj_vtext(d->buf[3]));
    gj_demo_setv(e, &rec, "wechat", gj_vtext(d->buf[4]));
    gj_demo_setv(e, &rec, "owner_id", gj_vint(owner));
    gj_demo_setv(e, &rec, "status", gj_vtext(status[type]));
    gj_demo_setv(e, &rec, "budget", gj_vreal((double)range(&d->r, 1, 50) * 10000));
    if (chance(&d->r, 0.08)) gj_demo_setv(e, &rec, "tier", gj_vtext(chance(&d->r, 0.5) ? "A" : "B"));
    gj_demo_setv(e, &rec, "created_at", gj_vint(*created));
    return gj_demo_create(d, "customers", &rec, id);
}

static int make_customer(demo *d, int i)
{
    int64_t id, owner = d->sales[pick(&d->r, d->nsales)];
    int64_t created = d->today - range(&d->r, 7, 365) * DAY;
    double u = unif(&d->r);
    int type = u < 0.2 ? LEAD : u < 0.4 ? PROSPECT : u < 0.65 ? ONE_OFF : u < 0.9 ? REPEAT : CHURNED;
    int64_t active_until = type == CHURNED ? created + (d->today - created) / 2 : d->today;
    int64_t won_at = 0;
    double won_amount = 0, reply_p = type == CHURNED ? 0.2 : 0.65;
    int rc, k, cadence = type == REPEAT ? 10 : type == LEAD ? 30 : 18;
    gj_record rec;

    if ((rc = gj_demo_customer_record(d, i, type, owner, &created, &id)) != GJ_OK) return rc;
    if (type != LEAD) {
        int deals = 1 + (chance(&d->r, 0.3) ? 1 : 0);
        for (k = 0; k < deals; k++) {
            int64_t start = created + range(&d->r, 1, 20) * DAY + k * 60 * DAY;
            if (start >= d->today) break;
            rc = gj_demo_deal(d, id, owner, start, type != PROSPECT && k == 0, &won_at, &won_amount);
            if (rc != GJ_OK) return rc;
        }
    }
    if (won_at) {
        if ((rc = gj_demo_order(d, id, owner, won_at, won_amount)) != GJ_OK) return rc;
        if (type == REPEAT || type == CHURNED) {
            int64_t t = won_at, gap = range(&d->r, 20, 70) * DAY;
            for (;;) {
                t += gap / 2 + (int64_t)(unif(&d->r) * (double)gap);
                if (t >= active_until) break;
                if ((rc = gj_demo_order(d, id, owner, t, 0)) != GJ_OK) return rc;
            }
        }
    }
    rc = make_followups(d, id, owner, created, active_until, reply_p, cadence, chance(&d->r, 0.1));
    if (rc == GJ_OK && type != LEAD)
        rc = gj_demo_tickets(d, id, created, (int)range(&d->r, 0, type == REPEAT ? 4 : 2), 1);
    if (rc == GJ_OK && type != LEAD && type != CHURNED) {
        double per_week = 1 + 6 * unif(&d->r);
        rc = make_events(d, id, created, per_week, chance(&d->r, 0.15));
    }
    if (rc == GJ_OK && type != LEAD && chance(&d->r, 0.3)) {
        const gj_entity *se = gj_entity_find("surveys");
        int64_t at = range(&d->r, created, d->today - 1);
        gj_record_init(&rec);
        gj_demo_setv(se, &rec, "customer_id", gj_vint(id));
        gj_demo_setv(se, &rec, "kind", gj_vtext("nps"));
        gj_demo_setv(se, &rec, "score", gj_vint(type == CHURNED ? range(&d->r, 0, 7) : range(&d->r, 5, 10)));
        gj_demo_setv(se, &rec, "touchpoint", gj_vtext(won_at ? "after_deal" : "after_followup"));
        gj_demo_setv(se, &rec, "at", gj_vint(at));
        rc = gj_demo_create(d, "surveys", &rec, NULL);
    }
    return rc;
}

static int out_of_range(gj_db *db, const char *field, int v, int lo, int hi)
{
    gj_db_fail_reason(db, GJ_INVALID, field, "out_of_range", "%s must be between %d and %d", field,
                      lo, hi);
    gj_db_error_param_num(db, "value", v);
    gj_db_error_param_num(db, "min", lo);
    return gj_db_error_param_num(db, "max", hi);
}

int gj_demo_generate(gj_db *db, const gj_demo_options *opt, int64_t *made)
{
    demo d;
    int64_t local_made[32] = {0}, now, saved_now;
    int i, rc, sized = 0;
    char summary[128];
    memset(&d, 0, sizeof d);
    d.db = db;
    d.made = made ? made : local_made;
    d.r.s = opt->seed * 0x2545F4914F6CDD1DULL + 1;
    now = opt->now ? opt->now : gj_db_now(db);
    d.today = now - ((now % DAY) + DAY) % DAY;
    saved_now = gj_db_now_override(db);
    d.seed = opt->seed;
    if (opt->customers < 1 || opt->customers > 1000000)
        return out_of_range(db, "customers", opt->customers, 1, 1000000);
    for (i = 0; i < GJ_DEMO_NCOUNTS; i++) {
        if (opt->count[i] < 0 || opt->count[i] > 10000000)
            return out_of_range(db, gj_demo_count_names[i], opt->count[i], 0, 10000000);
        if (opt->count[i] > 0) sized = 1;
    }
    /* flat: thousands of nested creates, and any failure fails it all */
    if ((rc = gj_db_begin_flat(db)) != GJ_OK) return rc;
    {
        /* Customer ext_ids carry the seed: one seed loads once. */
        int64_t existing = 0;
        char ext[48];
        snprintf(ext, sizeof ext, "demo%llu-C000001", (unsigned long long)opt->seed);
        if ((rc = gj_record_find_ext(db, gj_entity_find("customers"), ext, &existing)) != GJ_OK) goto fail;
        if (existing) {
            rc = gj_db_fail_reason(db, GJ_CONSTRAINT, "seed", "duplicate",
                                   "demo data with seed %llu is already in this database; "
                                   "use another seed", (unsigned long long)opt->seed);
            gj_db_error_param_num(db, "value", (double)opt->seed);
            goto fail;
        }
    }
    if ((rc = gj_db_set_actor(db, "demo", 0)) != GJ_OK) goto fail;
    if ((rc = gj_demo_reps(&d, opt->customers)) != GJ_OK) goto fail;
    if (sized) {
        if ((rc = gj_demo_sized(&d, opt)) != GJ_OK) goto fail;
    } else {
        for (i = 0; i < opt->customers; i++) {
            gj_set_now(db, d.today);
            if ((rc = make_customer(&d, i)) != GJ_OK) goto fail;
        }
    }
    gj_set_now(db, saved_now);
    if ((rc = gj_db_set_actor(db, "demo", 1)) != GJ_OK) goto fail;
    snprintf(summary, sizeof summary, "{\"customers\":%d,\"seed\":%llu}", opt->customers,
             (unsigned long long)opt->seed);
    {
        gj_value p[2] = {gj_vint(d.today), gj_vtext(summary)};
        rc = gj_store_run(gj_db_store(db),
                          "INSERT INTO audit (at, actor, entity, action, after)"
                          " VALUES (?1, 'demo', 'demo', 'bulk', ?2)", p, 2, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) { rc = gj_db_fail_store(db, rc); goto fail; }
    }
    return gj_db_commit(db);
fail:
    gj_set_now(db, saved_now);
    gj_db_set_actor(db, NULL, 1);
    gj_db_rollback(db);
    return rc;
}
