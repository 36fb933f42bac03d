/* 流失预警（ui/churn.js）：规则名称及触发数字。 */
export default {
  'churn.rule.no_reply': '未回复',
  'churn.rule.purchase_gap': '复购间隔过长',
  'churn.rule.activity_drop': '活跃度下降',
  'churn.rule.cadence': '久未联系',
  'churn.rule.open_complaint': '投诉未解决',
  'churn.no_reply': '最近 {n} 次跟进客户都没有回复（第一次在 {days} 天前）。',
  'churn.purchase_gap': '已 {days} 天没有下单；平常每 {median} 天一单（×{factor}）。',
  'churn.activity_drop': '活跃分从前 28 天的 {baseline} 降到 {recent}（低于 {ratio}）。',
  'churn.cadence': '距上次联系已 {days} 天；该等级的跟进周期是 {cadence} 天。',
  'churn.open_complaint': '有一个投诉已经 {hours} 小时未解决（时限 {limit} 小时）。',
};
