// Texts of the health check on the phone (健康车检, issue 9 item 6): one namespace, same keys in both locales.
const zh = {
  dvi9: {
    title: '健康车检发现',
    hint: '技师检查发现以下问题，请查看照片后决定是否追加维修',
    urgent: '紧急',
    advise: '建议',
    photos: '{n} 张照片，点击放大',
    proposed: '建议追加：{op} · {h} 小时',
    notPriced: '服务顾问正在报价',
    approve: '同意维修',
    decline: '暂不维修',
    approved: '已同意该项维修',
    declined: '已暂不维修',
    status: {
      estimated: '已列入估价单',
      pending_approval: '待您确认',
      approved: '您已同意',
      declined: '您已暂不维修',
    },
  },
}

const en: typeof zh = {
  dvi9: {
    title: 'Health check findings',
    hint: 'The technician found the following. Look at the photos, then decide on the extra work',
    urgent: 'Urgent',
    advise: 'Advised',
    photos: '{n} photo(s), tap to enlarge',
    proposed: 'Proposed: {op} · {h} h',
    notPriced: 'Your advisor is pricing this',
    approve: 'Approve repair',
    decline: 'Not now',
    approved: 'Repair approved',
    declined: 'Not repaired for now',
    status: {
      estimated: 'On the estimate',
      pending_approval: 'Awaiting your decision',
      approved: 'Approved by you',
      declined: 'Declined for now',
    },
  },
}

export default { zh, en }
