import { reactive } from 'vue'
import { session } from '../auth/session'

/** Photos need the bearer token, so an <img> cannot load them by URL: fetched once into object URLs. */
const urls = reactive<Record<string, string>>({})
const loading = new Set<string>()

export function photoSrc(photo: { id: string; url: string }): string {
  if (!urls[photo.id] && !loading.has(photo.id)) {
    loading.add(photo.id)
    void fetch(photo.url, { headers: { Authorization: `Bearer ${session.current?.token ?? ''}` } })
      .then(async (r) => { if (r.ok) urls[photo.id] = URL.createObjectURL(await r.blob()) })
      .finally(() => loading.delete(photo.id))
  }
  return urls[photo.id] ?? ''
}

/** Multipart upload of one photo to a point or a finding (openapi-fetch does not build forms). */
export async function uploadPhoto(inspectionId: string, file: File, target: { point_code?: string; finding_id?: string },
  lang: string): Promise<{ ok: boolean; status: number; body: { detail?: string; title?: string } }> {
  const form = new FormData()
  form.append('file', file)
  for (const [k, v] of Object.entries(target)) if (v) form.append(k, v)
  const r = await fetch(`/api/workshop/inspections/${inspectionId}/photos`, {
    method: 'POST', body: form,
    headers: { Authorization: `Bearer ${session.current?.token ?? ''}`, 'Accept-Language': lang },
  })
  return { ok: r.ok, status: r.status, body: await r.json().catch(() => ({})) }
}
