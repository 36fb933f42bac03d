export default {
  'welcome.title': '欢迎使用跟进',
  'welcome.lead': '记录客户、跟进、商机、工单、满意度和订单，随时看清跟进工作是否有效。无需安装，离线可用，数据只保存在你的浏览器里。',
  'welcome.point.today': '今日待办：逾期、今天到期和本周要跟进的客户，一键记录跟进。',
  'welcome.point.metrics': '五项核心指标：活跃度、转化率、满意度、响应速度、复购率，以及流失预警和销售记分卡。',
  'welcome.point.private': '数据不离开本机：可下载备份，可导入 Excel/CSV。',
  'welcome.loadDemo': '加载演示数据',
  'welcome.loading': '正在生成演示数据…',
  'welcome.import': '导入表格',
  'welcome.demoNote': '演示数据带有标记，可在“设置”中一键删除。',
  'welcome.demoLoaded': '已生成 {n} 位客户的演示数据',
};
