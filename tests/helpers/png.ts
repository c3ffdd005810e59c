import { inflateSync } from 'node:zlib'

/*
 * Just enough PNG to check what a headless browser drew: 8-bit RGB or RGBA,
 * not interlaced (what Chromium's --screenshot writes). Pixels come back as
 * RGBA, row by row.
 */
export interface DecodedPng {
  width: number
  height: number
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  pixels: Uint8Array
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(SIGNATURE)) {
    throw new Error('not a PNG file')
  }
  let width = 0
  let height = 0
  let channels = 0
  const data: Buffer[] = []
  for (let offset = 8; offset < file.length;) {
    const length = file.readUInt32BE(offset)
    const type = file.toString('latin1', offset + 4, offset + 8)
    const body = file.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colourType, , , interlace] = body.subarray(8, 13)
      channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}`)
      }
    } else if (type === 'IDAT') {
      data.push(body)
    } else if (type === 'IEND') {
      break
    }
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  const rows = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const out = rows.subarray(y * stride, (y + 1) * stride)
    const previous = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride)
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? out[x - channels] : 0
      const up = previous[x]
      const upLeft = x >= channels ? previous[x - channels] : 0
      let predicted = 0
      if (filter === 1) predicted = left
      else if (filter === 2) predicted = up
      else if (filter === 3) predicted = (left + up) >> 1
      else if (filter === 4) {
        const p = left + up - upLeft
        const pa = Math.abs(p - left)
        const pb = Math.abs(p - up)
        const pc = Math.abs(p - upLeft)
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
      } else if (filter !== 0) {
        throw new Error(`bad PNG filter ${filter} on row ${y}`)
      }
      out[x] = (line[x] + predicted) & 0xff
    }
  }
  const pixels = new Uint8Array(width * height * 4)
  for (let index = 0; index < width * height; index++) {
    pixels[index * 4] = rows[index * channels]
    pixels[index * 4 + 1] = rows[index * channels + 1]
    pixels[index * 4 + 2] = rows[index * channels + 2]
    pixels[index * 4 + 3] = channels === 4 ? rows[index * channels + 3] : 255
  }
  return { width, height, pixels }
}
