// Texts of the estimate screens (issue 9): one top-level namespace of its own, same keys in both locales.
const zh = {
  estimate9: {
    title: '费用估算',
    labour: '工时费',
    parts: '配件费',
    subtotal: '不含税合计',
    vat: '增值税',
    total: '合计',
    quoted: '报价',
    promised: '预计交车',
    promisedPending: '缺件到货后告知',
    short: '{part} 缺货，预计 {date} 到货',
    shortNoDate: '{part} 缺货，到货日期待定',
    origin: { original: '原厂件', equivalent: '同质件', remanufactured: '再制造件', used: '旧件' },
    consent: '已同意：{name}',
    notCharged: '索赔/免费项目不收费',
    signed: '已签字确认',
    signedTotal: '签字金额',
    signedPromised: '承诺交车',
    hint: '签字即表示同意按此估价维修；追加项目需另行确认。',
  },
}

const en: typeof zh = {
  estimate9: {
    title: 'Price estimate',
    labour: 'Labour',
    parts: 'Parts',
    subtotal: 'Subtotal excl. VAT',
    vat: 'VAT',
    total: 'Total',
    quoted: 'Quoted',
    promised: 'Ready by',
    promisedPending: 'Told once the missing parts arrive',
    short: '{part} out of stock, expected {date}',
    shortNoDate: '{part} out of stock, arrival to be confirmed',
    origin: { original: 'Original', equivalent: 'Equivalent', remanufactured: 'Remanufactured', used: 'Used' },
    consent: 'Agreed by {name}',
    notCharged: 'Warranty or free items are not charged',
    signed: 'Signed',
    signedTotal: 'Signed amount',
    signedPromised: 'Promised',
    hint: 'By signing you agree to the work at this estimate; extra work needs your approval again.',
  },
}

export default { zh, en }
