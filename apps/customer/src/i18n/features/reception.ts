// Texts of the reception screens (issue 9): one top-level namespace of its own, same keys in both locales.
const zh = {
  reception9: {
    deferred: '建议维修（您暂缓的项目）',
    noDeferred: '没有暂缓的项目',
    kind: { deferred: '暂缓', declined: '未做' },
    reason: '原因：{reason}',
    remind: '我们将在 {date} 提醒您',
    fromOrder: '来自委托书 {order}',
  },
}
const en: typeof zh = {
  reception9: {
    deferred: 'Recommended work you put off',
    noDeferred: 'Nothing put off',
    kind: { deferred: 'Deferred', declined: 'Declined' },
    reason: 'Reason: {reason}',
    remind: 'We will remind you on {date}',
    fromOrder: 'from order {order}',
  },
}
export default { zh, en }
