/*
 * PLACEHOLDER so this branch compiles: the real chart is written by another
 * helper at this path with this signature; the lead keeps theirs at merge.
 */
export function renderCostChart(input: {
  title: string
  points: { date: string; price: number | null; price_per_serving: number | null }[]
  servings: number
  width?: number
  height?: number
}): string {
  const width = input.width ?? 640
  const height = input.height ?? 320
  const escape = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escape(input.title)}</title></svg>
`
}
