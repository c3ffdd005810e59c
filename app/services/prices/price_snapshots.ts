import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/* What an import's report compares before and after it writes: current and recipe prices. */
export async function currentPrices(trx: TransactionClientContract, ids: number[]) {
  const rows = await trx
    .from('ingredients')
    .whereIn('id', ids)
    .select(
      'id',
      'name',
      'price',
      'unit',
      trx.raw('CAST(price_date AS TEXT) AS price_date'),
      'source'
    )
  return new Map(
    rows.map((row) => [
      Number(row.id),
      {
        name: row.name as string,
        price: Number(row.price),
        unit: Number(row.unit),
        price_date: row.price_date === null ? null : String(row.price_date).slice(0, 10),
        source: (row.source ?? null) as string | null,
      },
    ])
  )
}

export async function recipePrices(trx: TransactionClientContract, ingredientIds: number[]) {
  if (ingredientIds.length === 0) {
    return []
  }
  const rows = await trx
    .from('posts')
    .join('post_prices', 'post_prices.post_id', 'posts.id')
    .whereIn(
      'posts.id',
      trx.from('post_ingredients').distinct('post_id').whereIn('ingredient_id', ingredientIds)
    )
    .select('posts.id', 'posts.title', 'post_prices.price', 'post_prices.price_per_serving')
    .orderBy('posts.id')
  return rows.map((row) => ({
    id: Number(row.id),
    title: row.title as string,
    price: Number(row.price),
    price_per_serving: Number(row.price_per_serving),
  }))
}
