/*
 * A strict enough XML well-formedness check for documents we generate
 * (no DTD, no CDATA, no comments): one root, balanced tags, quoted unique
 * attributes, and every `&` an entity. Throws with the offending position.
 */
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/
const NAME = '[A-Za-z_][\\w.:-]*'
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`)
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g')

function checkAmpersands(text: string, at: number) {
  for (let index = text.indexOf('&'); index !== -1; index = text.indexOf('&', index + 1)) {
    if (!ENTITY.test(text.slice(index))) {
      throw new Error(`bare & at ${at + index}`)
    }
  }
}

export function assertWellFormedXml(document: string): void {
  let rest = document.replace(/^<\?xml[^?]*\?>\s*/, '')
  let position = document.length - rest.length
  const open: string[] = []
  let roots = 0
  while (rest.length > 0) {
    const next = rest.indexOf('<')
    const text = next === -1 ? rest : rest.slice(0, next)
    if (open.length === 0 && text.trim() !== '') {
      throw new Error(`text outside the root at ${position}`)
    }
    checkAmpersands(text, position)
    if (next === -1) {
      break
    }
    rest = rest.slice(next)
    position += next
    const match = TAG.exec(rest)
    if (!match) {
      throw new Error(`malformed tag at ${position}: ${rest.slice(0, 40)}`)
    }
    const [whole, closing, name, attributes, selfClosing] = match
    const names = new Set<string>()
    for (const attribute of attributes.matchAll(ATTRIBUTE)) {
      if (names.has(attribute[1])) {
        throw new Error(`duplicate attribute ${attribute[1]} at ${position}`)
      }
      names.add(attribute[1])
      checkAmpersands(attribute[2] ?? attribute[3], position)
    }
    if (closing) {
      if (open.pop() !== name || attributes || selfClosing) {
        throw new Error(`unexpected </${name}> at ${position}`)
      }
    } else {
      if (open.length === 0 && ++roots > 1) {
        throw new Error(`second root element at ${position}`)
      }
      if (!selfClosing) {
        open.push(name)
      }
    }
    rest = rest.slice(whole.length)
    position += whole.length
  }
  if (open.length > 0 || roots !== 1) {
    throw new Error(`unclosed elements: ${open.join(', ') || '(no root)'}`)
  }
}
