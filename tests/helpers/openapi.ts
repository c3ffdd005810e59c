/* Follows `$ref: '#/…'` pointers inside an OpenAPI document until a concrete object. */
export function resolveRef(doc: Record<string, any>, item: any) {
  while (item?.$ref) {
    item = item.$ref
      .slice(2)
      .split('/')
      .reduce((node: any, key: string) => node?.[key], doc)
  }
  return item
}
