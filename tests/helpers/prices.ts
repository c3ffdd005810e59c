import db from '@adonisjs/lucid/services/db'

/** Id of a catalogue ingredient by name. */
export async function ingredientId(name: string): Promise<number> {
  const row = await db.from('ingredients').where('name', name).select('id').firstOrFail()
  return Number(row.id)
}

/** Records a price observation directly (no repricing), as an import would store it. */
export async function observe(
  name: string,
  observedOn: string,
  price: number,
  unit: number,
  source = 'test'
): Promise<number> {
  const ingredient = await db
    .from('ingredients')
    .where('name', name)
    .select('id', 'measure')
    .firstOrFail()
  const [row] = await db
    .table('ingredient_prices')
    .insert({
      ingredient_id: ingredient.id,
      price,
      unit,
      measure: ingredient.measure,
      observed_on: observedOn,
      source,
      created_at: new Date(),
    })
    .returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

/** `date` moved by `days` days, as `YYYY-MM-DD`. */
export function daysFrom(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`)
  moved.setUTCDate(moved.getUTCDate() + days)
  return moved.toISOString().slice(0, 10)
}

export const todayUtc = () => new Date().toISOString().slice(0, 10)
