// Texts of the dispatch screens (issue 9): one top-level namespace of its own, same keys in both locales.
const zh = {}
const en: typeof zh = {}
export default { zh, en }
