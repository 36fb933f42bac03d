/* “记录跟进”表单（ui/followup-form.js），各页面共用。 */
export default {
  'followup.title': '记录跟进',
  'followup.log': '记录跟进',
  'followup.saved': '跟进已记录',
  'followup.askNext': '还没有下次跟进——现在安排吗？',
  'followup.suggestStage': '建议：{date}——下一阶段“{stage}”的时限（{days} 天）。',
  'followup.suggestCadence': '建议：{date}——{tier}客户的跟进周期（每 {days} 天）。',
  'followup.doneSchedule': '完成并安排下次',
  'followup.saveWithoutNext': '不安排下次，直接保存',
};
