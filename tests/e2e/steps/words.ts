/** The few screen words the tests read, in each language the console speaks. */
export type Lang = 'zh-CN' | 'en'

export const WORDS = {
  'zh-CN': {
    title: '售后服务管理系统', booked: '预约成功', signed: '已签字', inRepair: '维修中', rework: '返工', qcPassed: '质检通过',
    delivered: '已交车', paid: '已付款', completed: '已完成', refresh: '刷新', outcomeSatisfied: '满意',
    levels: ['技师自检', '班组长互检', '技师自检', '班组长互检', '终检', '交车前检查'],
  },
  en: {
    title: 'Aftersales Service', booked: 'Booked', signed: 'Signed', inRepair: 'In repair', rework: 'Rework', qcPassed: 'QC passed',
    delivered: 'Delivered', paid: 'Paid', completed: 'Completed', refresh: 'Refresh', outcomeSatisfied: 'Satisfied',
    levels: ['Self-check', 'Foreman check', 'Self-check', 'Foreman check', 'Final inspection', 'Pre-delivery check'],
  },
} as const
