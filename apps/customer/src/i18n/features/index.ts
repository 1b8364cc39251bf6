// Each feature keeps its own texts (one top-level namespace per file); both locales merge them.
import delivery from './delivery'
import dispatch from './dispatch'
import dvi from './dvi'
import estimate from './estimate'
import reception from './reception'

const all = [delivery, dispatch, dvi, estimate, reception]
export const featuresZh = Object.assign({}, ...all.map((f) => f.zh)) as Record<string, unknown>
export const featuresEn = Object.assign({}, ...all.map((f) => f.en)) as Record<string, unknown>
