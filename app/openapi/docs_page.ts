/*
 * GET /docs: a small self-contained page that fetches /openapi.json and lists
 * every operation with its parameters, request body and responses. No CDN,
 * no external files: it works offline and under a strict CSP.
 */
export const docsPage = `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>한끼얼마 API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 1rem; color: #222; }
  h1 { margin-bottom: 0; } .summary { color: #555; margin-top: .2rem; }
  pre.intro { white-space: pre-wrap; background: #f6f6f6; padding: .6rem; border-radius: 4px; }
  details.op { border: 1px solid #ddd; border-radius: 4px; margin: .4rem 0; }
  details.op > summary { cursor: pointer; padding: .4rem .6rem; list-style: none; }
  .method { display: inline-block; min-width: 4.2rem; font-weight: bold; text-transform: uppercase; }
  .get { color: #1a7f37; } .post { color: #0969da; } .put { color: #9a6700; } .delete { color: #cf222e; }
  .path { font-family: ui-monospace, monospace; } .lock { color: #888; font-size: .85em; }
  .body { padding: 0 .8rem .6rem; } table { border-collapse: collapse; width: 100%; }
  td, th { border-top: 1px solid #eee; padding: .2rem .4rem; text-align: left; vertical-align: top; }
  code, .schema { font-family: ui-monospace, monospace; font-size: .9em; }
  .schema ul { margin: 0; padding-left: 1.2rem; list-style: none; } .req { color: #cf222e; }
  .muted { color: #777; }
</style>
</head>
<body>
<h1 id="title">한끼얼마 API</h1>
<p class="summary" id="summary">Loading /openapi.json…</p>
<pre class="intro" id="intro" hidden></pre>
<div id="operations"></div>
<script>
(async () => {
  const doc = await (await fetch('/openapi.json')).json()
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag)
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value)
    for (const child of children) node.append(child)
    return node
  }
  const resolve = (item) => {
    let seen = 0
    while (item && item.$ref && seen++ < 20) {
      item = item.$ref.slice(2).split('/').reduce((node, key) => node[key], doc)
    }
    return item || {}
  }
  const typeOf = (schema) => {
    if (schema.const !== undefined) return JSON.stringify(schema.const)
    if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ')
    const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type || ''
    const limits = ['minimum', 'maximum', 'minLength', 'maxLength', 'maxItems', 'format', 'pattern']
      .filter((key) => schema[key] !== undefined).map((key) => key + ' ' + schema[key])
    return type + (limits.length ? ' (' + limits.join(', ') + ')' : '')
  }
  const renderSchema = (input, depth = 0) => {
    const schema = resolve(input)
    if (depth > 6) return el('span', { class: 'muted' }, '…')
    if (schema.allOf) {
      const merged = { type: 'object', properties: {}, required: [] }
      for (const part of schema.allOf.map(resolve)) {
        Object.assign(merged.properties, part.properties || {})
        merged.required.push(...(part.required || []))
      }
      return renderSchema(merged, depth)
    }
    if (schema.oneOf) return el('span', {}, schema.oneOf.map((s) => typeOf(resolve(s))).join(' or '))
    if (schema.type === 'array') {
      return el('span', {}, 'array of ', renderSchema(schema.items || {}, depth + 1))
    }
    if (schema.properties) {
      const list = el('ul')
      for (const [name, property] of Object.entries(schema.properties)) {
        const resolved = resolve(property)
        const required = (schema.required || []).includes(name)
        const item = el('li', {}, el('b', {}, name), required ? el('span', { class: 'req' }, '*') : '', ': ')
        if (resolved.properties || resolved.allOf || resolved.type === 'array') item.append(renderSchema(resolved, depth + 1))
        else item.append(typeOf(resolved))
        if (resolved.description) item.append(el('span', { class: 'muted' }, ' — ' + resolved.description))
        list.append(item)
      }
      return el('div', { class: 'schema' }, '{', list, '}')
    }
    return el('span', { class: 'schema' }, typeOf(schema))
  }
  const contentOf = (holder) => {
    const content = holder && holder.content
    if (!content) return el('span', { class: 'muted' }, 'no body')
    const [type, media] = Object.entries(content)[0]
    return el('div', {}, el('code', {}, type), renderSchema(media.schema || {}))
  }

  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version
  document.getElementById('summary').textContent = doc.info.summary || ''
  const intro = document.getElementById('intro')
  intro.textContent = doc.info.description || ''
  intro.hidden = false

  const root = document.getElementById('operations')
  for (const tag of doc.tags) {
    root.append(el('h2', {}, tag.name), el('p', { class: 'muted' }, tag.description || ''))
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.tags || !op.tags.includes(tag.name)) continue
        const secured = (op.security || doc.security || []).some((s) => Object.keys(s).length)
        const body = el('div', { class: 'body' })
        if (op.description) body.append(el('p', {}, op.description))
        if (op.security) {
          const ways = op.security.map((s) => Object.keys(s).join(' + ') || 'anonymous')
          body.append(el('p', {}, el('b', {}, 'Auth: '), ways.join(' | ')))
        }
        const params = (op.parameters || []).map(resolve)
        if (params.length) {
          const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'schema'), el('th', {}, 'description')))
          for (const p of params) {
            table.append(el('tr', {}, el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, '*') : ''), el('td', {}, p.in), el('td', {}, typeOf(resolve(p.schema || {}))), el('td', {}, p.description || '')))
          }
          body.append(el('h4', {}, 'Parameters'), table)
        }
        if (op.requestBody) body.append(el('h4', {}, 'Request body'), contentOf(resolve(op.requestBody)))
        body.append(el('h4', {}, 'Responses'))
        const responses = el('table')
        for (const [status, response] of Object.entries(op.responses || {})) {
          const r = resolve(response)
          responses.append(el('tr', {}, el('td', {}, el('b', {}, status)), el('td', {}, r.description || '', contentOf(r))))
        }
        body.append(responses)
        root.append(el('details', { class: 'op' },
          el('summary', {}, el('span', { class: 'method ' + method }, method), el('span', { class: 'path' }, path), ' ', op.summary || '', secured ? el('span', { class: 'lock' }, ' 🔒') : ''),
          body))
      }
    }
  }
})().catch((error) => {
  document.getElementById('summary').textContent = 'Could not load /openapi.json: ' + error
})
</script>
</body>
</html>
`
