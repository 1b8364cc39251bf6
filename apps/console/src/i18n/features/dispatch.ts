// Texts of the dispatch screens (issue 9): one top-level namespace of its own, same keys in both locales.
const zh = {
  dispatch9: {
    menu: { dispatch: '派工', kpi: '车间看板' },
    skill: { maintenance: '保养', mechanical: '机修', electrical: '电器', body: '钣金', paint: '喷漆' },
    priority: { rework: '返工', waiting: '客户在店等候', appointment: '预约', walk_in: '非预约' },
    dispatch: {
      title: '派工', queue: '待派工项目（按优先级）', technicians: '技师负荷（本班次，下班后为下一班次）', empty: '没有待派工的项目',
      priority: '优先级', job: '维修项目', skill: '所需技能', hours: '工时', suggested: '建议技师', noSuggestion: '无合适技师（负荷已满或无此技能）',
      assignSuggested: '派给建议技师', orChoose: '或选择技师', assign: '派工', assigned: '已派工给 {who}',
      reserve: '预留 {pct}% 产能应对突发', held: '已排 {held} 小时 / 可用 {available} 小时', jobs: '{n} 个项目',
      team: '班组', skills: '技能', shift: '班次', inactive: '停用', noSkill: '无此技能', full: '将占用预留产能', sameTeam: '同班组',
      load: '负荷', roster: '技师名册', addTechnician: '登记技师', userId: '登录账号', name: '姓名', active: '在岗', save: '保存', saved: '已保存',
      edit: '编辑',
    },
    clock: {
      pause: '暂停', resume: '继续', clocked: '已计 {h} 小时', clockedOn: '计时中', pauseTitle: '暂停计时', reason: '暂停原因', note: '说明',
      confirmPause: '确认暂停', reasons: { waiting_parts: '等待配件', waiting_approval: '等待客户确认', break: '休息', other: '其他' },
      kind: { work: '作业', rework: '返工' }, end: { pause: '暂停', finish: '完工' }, paused: '已暂停：{reason}',
    },
    hours: {
      title: '工时（销售工时 / 实际计时）', sold: '销售工时', work: '作业计时', rework: '返工计时', clocked: '实际计时', efficiency: '效率',
      lines: '计时记录', technician: '技师', start: '开始', endAt: '结束', how: '结束方式', total: '合计', none: '尚无计时',
      waiting: '客户在店等候', waitingOn: '已标记客户在店等候，派工时优先', waitingOff: '已取消客户等候标记',
    },
    kpi: {
      title: '车间看板', period: '期间', flow: '每日进出厂台次', in: '进厂', out: '出厂', sold: '销售工时', clocked: '实际计时',
      efficiency: '效率（销售/计时）', productivity: '生产率（计时/出勤）', utilisation: '利用率（销售/可用）', comebacks: '返修率',
      comebackOrders: '{n} / {of} 张委托书', stages: '各环节平均用时', stage: '环节', average: '平均（小时）', orders: '单数',
      stageNames: { opened_to_authorized: '开单→客户签字', authorized_to_start: '签字→开工', start_to_final_qc: '开工→终检通过', final_qc_to_delivered: '终检→交车' },
      late: '超时委托书', lateOf: '{n} / {of} 张有承诺时间', byTechnician: '技师', attended: '出勤', reworkClocked: '其中返工 {h} 小时', available: '可用 {h} 小时',
      lateNote: '超时：已过承诺交车时间仍未交车，或晚于承诺时间交车；未承诺交车时间的委托书不计入。',
    },
  },
}

const en: typeof zh = {
  dispatch9: {
    menu: { dispatch: 'Dispatch', kpi: 'Workshop KPIs' },
    skill: { maintenance: 'Maintenance', mechanical: 'Mechanical', electrical: 'Electrical', body: 'Body', paint: 'Paint' },
    priority: { rework: 'Rework', waiting: 'Customer waiting', appointment: 'Appointment', walk_in: 'Walk-in' },
    dispatch: {
      title: 'Dispatch', queue: 'Jobs to dispatch (by priority)', technicians: 'Technician load (this shift, or the next once it is over)', empty: 'Nothing to dispatch',
      priority: 'Priority', job: 'Job', skill: 'Skill needed', hours: 'Hours', suggested: 'Suggested', noSuggestion: 'Nobody fits (full or without the skill)',
      assignSuggested: 'Assign suggested', orChoose: 'or choose', assign: 'Assign', assigned: 'Assigned to {who}',
      reserve: '{pct}% of capacity kept free for the unexpected', held: '{held} h held / {available} h available', jobs: '{n} jobs',
      team: 'Team', skills: 'Skills', shift: 'Shift', inactive: 'Inactive', noSkill: 'Lacks the skill', full: 'Would eat the reserve', sameTeam: 'Same team',
      load: 'Load', roster: 'Roster', addTechnician: 'Add technician', userId: 'Login', name: 'Name', active: 'Active', save: 'Save', saved: 'Saved',
      edit: 'Edit',
    },
    clock: {
      pause: 'Pause', resume: 'Resume', clocked: '{h} h clocked', clockedOn: 'Clocked on', pauseTitle: 'Pause the clock', reason: 'Reason', note: 'Note',
      confirmPause: 'Pause', reasons: { waiting_parts: 'Waiting for parts', waiting_approval: 'Waiting for approval', break: 'Break', other: 'Other' },
      kind: { work: 'Work', rework: 'Rework' }, end: { pause: 'Paused', finish: 'Finished' }, paused: 'Paused: {reason}',
    },
    hours: {
      title: 'Hours (sold vs clocked)', sold: 'Sold', work: 'Work', rework: 'Rework', clocked: 'Clocked', efficiency: 'Efficiency',
      lines: 'Clock lines', technician: 'Technician', start: 'Start', endAt: 'End', how: 'Ended by', total: 'Total', none: 'Nothing clocked yet',
      waiting: 'Customer waiting', waitingOn: 'Customer marked as waiting: dispatched first', waitingOff: 'No longer waiting',
    },
    kpi: {
      title: 'Workshop KPIs', period: 'Period', flow: 'Vehicles in and out per day', in: 'In', out: 'Out', sold: 'Sold hours', clocked: 'Clocked hours',
      efficiency: 'Efficiency (sold/clocked)', productivity: 'Productivity (clocked/attended)', utilisation: 'Utilisation (sold/available)', comebacks: 'Comeback rate',
      comebackOrders: '{n} of {of} orders', stages: 'Average time per stage', stage: 'Stage', average: 'Average (h)', orders: 'Orders',
      stageNames: { opened_to_authorized: 'Opened → signed', authorized_to_start: 'Signed → work started', start_to_final_qc: 'Started → final check', final_qc_to_delivered: 'Final check → delivered' },
      late: 'Late orders', lateOf: '{n} of {of} with a promised time', byTechnician: 'Technicians', attended: 'Attended', reworkClocked: 'of which rework {h} h', available: '{h} h available',
      lateNote: 'Late: past the promised completion time and not delivered, or delivered after it; orders without a promised time are not counted.',
    },
  },
}

export default { zh, en }
