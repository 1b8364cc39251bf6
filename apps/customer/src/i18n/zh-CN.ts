export default {
  app: { title: '我的爱车', subtitle: '售后服务' },
  nav: { home: '首页', book: '预约', visits: '评价', me: '我的' },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录',
    failed: '用户名或密码错误', demo: '演示账号：zhang / demo1234', customersOnly: '此应用仅供车主使用',
  },
  me: { logout: '退出登录', language: '语言' },
  home: {
    vehicles: '我的车辆', orders: '当前维修', noOrders: '暂无进行中的维修', history: '维修记录',
    book: '预约保养维修', noVehicles: '暂无车辆',
  },
  vehicle: { history: '维修记录', noHistory: '暂无维修记录', mileage: '里程' },
  progress: {
    received: '已接车', in_repair: '维修中', quality_check: '质检中', ready: '可取车',
    delivered: '已交车', cancelled: '已取消', live: '实时更新', polling: '自动刷新中',
  },
  order: {
    title: '维修委托书', concern: '故障描述', estimate: '维修估价', labour: '工时', parts: '备件',
    hours: '{n} 小时', qty: '× {n}', payType: { customer: '自费', warranty: '保修', internal: '内部' },
    approve: '签字确认估价', approved: '已确认', signTitle: '请在下方签名', clear: '清除', confirm: '确认签字',
    signedBy: '签字人', signRequired: '请先签名', additional: '追加维修项目（待您确认）',
    approveExtra: '同意追加', declineExtra: '不需要', invoice: '查看结算单并支付',
    awaitingApproval: '等待您签字确认', jobStatus: {
      estimated: '估价中', pending_approval: '待确认', approved: '已确认', declined: '已拒绝',
      in_progress: '维修中', finished: '已完工', rework: '返工中', paused: '暂停中',
    },
    noPrice: '价格以结算单为准',
  },
  invoice: {
    title: '结算单', no: '单号', labour: '工时费', parts: '备件费', subtotal: '小计', vat: '增值税',
    total: '合计', paid: '已付', due: '应付', pay: '在线支付 {amount}', paidDone: '已结清，谢谢！',
    notReady: '结算单尚未生成，质检通过后即可支付', sandbox: '测试支付环境，不会实际扣款',
    freeItem: '保修/内部', payConfirm: '确认支付 {amount}？',
  },
  book: {
    title: '预约', vehicle: '车辆', date: '日期', type: '服务类型', slot: '时间段', concern: '需求说明',
    submit: '提交预约', done: '预约成功', full: '该时段已满', free: '剩 {n}',
    types: { maintenance: '保养', repair: '维修', warranty: '保修', quick: '快修' }, noSlots: '当天无可约时段',
  },
  rating: {
    title: '服务评价', pending: '待评价', rated: '已评价', none: '暂无待评价的到店记录',
    areas: {
      facilities: '环境设施', personnel: '服务人员', execution: '维修质量', cost: '费用透明', follow_up: '回访关怀',
    },
    comment: '其他意见', submit: '提交评价', thanks: '感谢您的评价！', score: '满意度 {n}',
  },
  common: { loading: '加载中…', retry: '重试', back: '返回', error: '出错了' },
}
