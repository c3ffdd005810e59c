import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import Member from '#models/member'
import PriceHistory, { today } from '#services/price_history'
import RecipeRepricer from '#services/recipes/recipe_repricer'

/*
 * A realistic demo data set (members, recipes priced from the catalogue,
 * likes, comments) of any size: a dozen recipes for a developer's first run,
 * 50,000 for the benchmark. Rows are written with multi-row inserts, in
 * chunks, one transaction per chunk; counters (like_count, comment_count, the
 * posts total) are left to the database triggers, exactly as for API writes.
 *
 * Every catalogue ingredient also gets a year of daily prices (source
 * `demo`) that follow its season, ending today at its current price, so
 * cost history has something to show and current prices do not move.
 *
 * Ids are assigned here (after the current maximum) so lines, likes and
 * comments can reference them without reading them back; PostgreSQL
 * sequences are moved past them at the end. Run it while nothing else writes.
 */

export interface DemoDataSize {
  members: number
  recipes: number
  likes: number
  comments: number
}

export interface DemoDataSummary extends DemoDataSize {
  /** Price observations added (daily history of every catalogue ingredient). */
  priceObservations: number
  /** Every demo member signs in with this password. */
  password: string
  /** Username of the first member created (the rest follow the same pattern). */
  firstUsername: string | null
  durationMs: number
}

export interface DemoDataOptions {
  /** Seed of the pseudo-random generator: the same seed gives the same data. */
  seed?: number
  /** Rows per multi-row insert (and per transaction). */
  chunkSize?: number
  /** Spread of created_at, ending now. */
  days?: number
  /** Days of daily price history per catalogue ingredient, ending today (0: none). */
  priceDays?: number
}

/** The password of every demo member (one hash for all; see generate()). */
export const DEMO_PASSWORD = 'hankki-demo-1234'

/** The source of the generated price history. */
export const DEMO_PRICE_SOURCE = 'demo'

/*
 * How each catalogue price moves over a year: the day of the year it peaks
 * (0 = 1 January), the seasonal swing (a fraction of the price) and the
 * rise over the year. Greens are dearest in the heat and monsoon, roots and
 * alliums before their harvest, cabbage (and so kimchi) in late summer,
 * pork in the grilling season, beef before 추석; dry and processed goods
 * barely move but creep up. Items not listed get a mild random season.
 */
interface Season {
  peakDay: number
  swing: number
  rise: number
}
const SEASONS: Record<string, Season> = {
  '삼겹살': { peakDay: 150, swing: 0.08, rise: 0.03 },
  '돼지 앞다리': { peakDay: 150, swing: 0.07, rise: 0.03 },
  '돼지 등심': { peakDay: 150, swing: 0.06, rise: 0.03 },
  '소 특수부위': { peakDay: 255, swing: 0.05, rise: 0.02 },
  '소 안심': { peakDay: 255, swing: 0.05, rise: 0.02 },
  '소 등심': { peakDay: 255, swing: 0.05, rise: 0.02 },
  '대파': { peakDay: 40, swing: 0.3, rise: 0.02 },
  '마늘': { peakDay: 120, swing: 0.12, rise: 0.03 },
  '양파': { peakDay: 100, swing: 0.25, rise: 0.02 },
  '감자': { peakDay: 110, swing: 0.2, rise: 0.02 },
  '깻잎': { peakDay: 15, swing: 0.25, rise: 0.02 },
  '당근': { peakDay: 200, swing: 0.15, rise: 0.02 },
  '시금치': { peakDay: 220, swing: 0.35, rise: 0.02 },
  '배추김치': { peakDay: 240, swing: 0.18, rise: 0.03 },
  '상추': { peakDay: 205, swing: 0.35, rise: 0.02 },
  '고구마': { peakDay: 190, swing: 0.15, rise: 0.02 },
  '쌀': { peakDay: 230, swing: 0.04, rise: 0.03 },
  '흑미': { peakDay: 230, swing: 0.04, rise: 0.03 },
  '현미': { peakDay: 230, swing: 0.04, rise: 0.03 },
  '호두': { peakDay: 30, swing: 0.03, rise: 0.02 },
  '아몬드': { peakDay: 30, swing: 0.03, rise: 0.02 },
  '라면사리': { peakDay: 0, swing: 0.02, rise: 0.04 },
  '우동면': { peakDay: 0, swing: 0.02, rise: 0.04 },
  '스파게티면': { peakDay: 0, swing: 0.02, rise: 0.04 },
  '소면': { peakDay: 0, swing: 0.02, rise: 0.04 },
}

const NICKNAMES = [
  '자취생',
  '집밥러',
  '요리초보',
  '밥도둑',
  '살림꾼',
  '야식왕',
  '도시락',
  '냉파요정',
  '한끼',
  'cook',
  '주말셰프',
  '알뜰살뜰',
]
const PREFIXES = [
  '초간단',
  '자취생',
  '10분',
  '엄마표',
  '든든한',
  '매콤한',
  '가성비',
  '냉장고 털이',
  '백종원식',
  '건강한',
  '얼큰한',
  '달콤짭짤',
  '원팬',
  '',
]
const DISHES = [
  '김치찌개',
  '된장찌개',
  '부대찌개',
  '제육볶음',
  '계란말이',
  '계란볶음밥',
  '김치볶음밥',
  '닭갈비',
  '불고기',
  '잡채',
  '떡볶이',
  '순두부찌개',
  '감자조림',
  '어묵볶음',
  '삼겹살 덮밥',
  '콩나물국',
  '미역국',
  '오므라이스',
  '카레라이스',
  '비빔밥',
  '두부조림',
  '닭볶음탕',
  '김밥',
  '라볶이',
  'Kimchi Pasta',
]
const SENTENCES = [
  '재료를 먼저 깨끗이 씻어 먹기 좋은 크기로 썰어 주세요.',
  '팬을 중불로 달군 뒤 기름을 두르고 향이 올라올 때까지 볶습니다.',
  '양념은 미리 섞어 두면 조리 시간이 훨씬 짧아져요.',
  '물이 끓어오르면 불을 줄이고 10분 정도 더 끓입니다.',
  '간은 마지막에 보면서 소금이나 간장으로 맞춰 주세요.',
  '남은 재료는 냉장 보관하면 이틀 정도 괜찮습니다.',
  '밥 한 공기와 함께 먹으면 든든한 한 끼가 됩니다.',
  '매운 것을 싫어하면 고춧가루를 절반만 넣으세요.',
  '마트 할인 때 재료를 사 두면 1인분 가격이 더 내려가요.',
  '불을 끄기 직전에 참기름을 한 바퀴 둘러 마무리합니다.',
]
const COMMENTS = [
  '오늘 저녁으로 만들어 봤는데 정말 맛있어요!',
  '재료비가 이렇게 싸다니 놀랍네요.',
  '간장 대신 굴소스를 넣어도 괜찮을까요?',
  '자취생에게 딱 맞는 레시피입니다. 감사합니다.',
  '조금 짰어요. 다음엔 소금을 줄여 볼게요.',
  '아이들이 너무 잘 먹었어요.',
  '2인분으로 늘려서 만들었는데 양이 딱 좋네요.',
  '사진처럼 예쁘게는 안 됐지만 맛은 최고!',
]

/* mulberry32: small, fast, seedable; good enough for demo data. */
function randomSource(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface CatalogueItem {
  id: number
  name: string
  measure: string
  price: number
  unit: number
}

export default class DemoDataGenerator {
  #random: () => number
  #chunkSize: number
  #days: number
  #priceDays: number
  #seed: number

  constructor(
    private client: QueryClientContract = db.connection(),
    options: DemoDataOptions = {}
  ) {
    this.#random = randomSource(options.seed ?? 20261126)
    this.#chunkSize = options.chunkSize ?? 1000
    this.#days = options.days ?? 365
    this.#priceDays = options.priceDays ?? 365
    this.#seed = options.seed ?? 20261126
  }

  async generate(size: DemoDataSize): Promise<DemoDataSummary> {
    const startedAt = performance.now()
    const catalogue: CatalogueItem[] = await this.client
      .from('ingredients')
      .select('id', 'name', 'measure', 'price', 'unit')
      .orderBy('id')
    if (size.recipes > 0 && catalogue.length < 2) {
      throw new Error('The ingredient catalogue is empty: seed it first (ingredient_seeder)')
    }
    if (size.recipes > 0 && size.members < 1) {
      throw new Error('Recipes need at least one member')
    }

    const priceObservations = await this.#priceHistory(catalogue)

    const now = Date.now()
    const spanMs = this.#days * 86_400_000
    /* JS Dates, as the models write them (see app/models/columns.ts). */
    const at = (ms: number) => new Date(Math.floor(ms))

    /*
     * One scrypt hash for every member: at production cost a hash takes about
     * 100 ms, so hashing thousands one by one would take minutes.
     */
    const passwordHash = await hash.make(DEMO_PASSWORD)

    const memberBase = await this.#maxId('members')
    const postBase = await this.#maxId('posts')
    const commentBase = await this.#maxId('comments')

    /* Members join over the first half of the period. */
    const members = Array.from({ length: size.members }, (_, index) => {
      const id = memberBase + index + 1
      const username = `${this.#pick(NICKNAMES)}${id}`
      const createdAt = at(now - spanMs + (index / Math.max(size.members, 1)) * (spanMs / 2))
      return {
        id,
        username,
        username_key: Member.usernameKeyOf(username),
        email: `demo${id}@example.com`,
        password: passwordHash,
        created_at: createdAt,
        updated_at: createdAt,
      }
    })
    await this.#insertChunks('members', members)

    /* Recipes: ids increase with time, authors and servings vary. */
    const authors: number[] = []
    const createdMs: number[] = []
    const posts: Record<string, unknown>[] = []
    const lines: Record<string, unknown>[] = []
    const flushRecipes = async () => {
      await this.#insertChunks('posts', posts.splice(0))
      await this.#insertChunks('post_ingredients', lines.splice(0))
    }
    for (let index = 0; index < size.recipes; index++) {
      const id = postBase + index + 1
      const author = memberBase + 1 + Math.floor(this.#random() * size.members)
      const servings = this.#pick([1, 1, 1, 2, 2, 2, 3, 4, 4, 6])
      const recipeLines = this.#recipeLines(catalogue)
      const ms = now - spanMs / 2 + (index / Math.max(size.recipes, 1)) * (spanMs / 2 - 60_000)
      authors.push(author)
      createdMs.push(ms)
      posts.push({
        id,
        member_id: author,
        title: `${this.#pick(PREFIXES)} ${this.#pick(DISHES)}`.trim(),
        content: this.#content(),
        servings,
        created_at: at(ms),
        updated_at: at(ms),
      })
      recipeLines.forEach((line, position) => {
        lines.push({
          post_id: id,
          ingredient_id: line.id,
          quantity: line.quantity,
          position,
        })
      })
      if (posts.length >= this.#chunkSize * 5) {
        await flushRecipes()
      }
    }
    await flushRecipes()
    /* Priced by the one cost rule, set-based, as a price import reprices them (post_prices). */
    if (size.recipes > 0) {
      await this.#transaction(async (trx) => {
        await RecipeRepricer.repriceRecipesUsing(
          catalogue.map((item) => item.id),
          trx
        )
      })
    }

    /* Likes: popular recipes get more, nobody likes their own, one per member and recipe. */
    const likes: Record<string, unknown>[] = []
    const seen = new Set<number>()
    const maxLikes = Math.min(size.likes, size.recipes * Math.max(size.members - 1, 0))
    let attempts = 0
    while (seen.size < maxLikes && attempts < maxLikes * 20) {
      attempts++
      const postIndex = Math.floor(this.#random() ** 2 * size.recipes)
      const member = memberBase + 1 + Math.floor(this.#random() * size.members)
      if (member === authors[postIndex]) {
        continue
      }
      const key = postIndex * (size.members + 1) + (member - memberBase)
      if (seen.has(key)) {
        continue
      }
      seen.add(key)
      likes.push({
        post_id: postBase + postIndex + 1,
        member_id: member,
        created_at: at(this.#after(createdMs[postIndex], now)),
      })
      if (likes.length >= this.#chunkSize * 5) {
        await this.#insertChunks('post_likes', likes.splice(0))
      }
    }
    await this.#insertChunks('post_likes', likes.splice(0))

    /* Comments on recipes, by anyone (authors answer their own too). */
    const comments: Record<string, unknown>[] = []
    for (let index = 0; index < size.comments && size.recipes > 0; index++) {
      const postIndex = Math.floor(this.#random() ** 2 * size.recipes)
      const createdAt = at(this.#after(createdMs[postIndex], now))
      comments.push({
        id: commentBase + index + 1,
        post_id: postBase + postIndex + 1,
        member_id: memberBase + 1 + Math.floor(this.#random() * size.members),
        content: this.#pick(COMMENTS),
        created_at: createdAt,
        updated_at: createdAt,
      })
      if (comments.length >= this.#chunkSize * 5) {
        await this.#insertChunks('comments', comments.splice(0))
      }
    }
    await this.#insertChunks('comments', comments.splice(0))

    await this.#advanceSequences()

    return {
      members: size.members,
      recipes: size.recipes,
      likes: seen.size,
      comments: size.recipes > 0 ? size.comments : 0,
      priceObservations,
      password: DEMO_PASSWORD,
      firstUsername: members[0]?.username ?? null,
      durationMs: Math.round(performance.now() - startedAt),
    }
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)]
  }

  /* A moment between `from` and `until`, usually soon after `from`. */
  #after(from: number, until: number) {
    return from + this.#random() ** 3 * Math.max(until - from, 0)
  }

  #content() {
    const count = 6 + Math.floor(this.#random() * 8)
    return Array.from({ length: count }, () => this.#pick(SENTENCES)).join(' ')
  }

  /* 2–8 distinct catalogue items with quantities that make sense for their measure. */
  #recipeLines(catalogue: CatalogueItem[]) {
    const count = Math.min(2 + Math.floor(this.#random() * 7), catalogue.length)
    const chosen = new Map<number, CatalogueItem>()
    while (chosen.size < count) {
      const item = this.#pick(catalogue)
      chosen.set(item.id, item)
    }
    return [...chosen.values()].map((item) => {
      const quantity =
        item.measure === '개'
          ? String(1 + Math.floor(this.#random() * 4))
          : item.measure === 'ml'
            ? String(10 * (3 + Math.floor(this.#random() * 60)))
            : String(5 * (4 + Math.floor(this.#random() * 60)))
      return { id: item.id, quantity }
    })
  }

  /*
   * Daily prices of every catalogue ingredient for #priceDays days ending
   * today: season × yearly rise × smooth noise, scaled so that today's is the
   * current price exactly (in the current unit), rounded to 10 won like shelf
   * prices. Days that already have an observation (the catalogue's own, an
   * earlier run's) are left alone, so running it twice adds nothing and the
   * current price stays. Its own random source, so recipes, likes and
   * comments are the same with or without it.
   */
  async #priceHistory(catalogue: CatalogueItem[]): Promise<number> {
    const days = this.#priceDays
    if (days <= 0 || catalogue.length === 0) {
      return 0
    }
    const random = randomSource(this.#seed ^ 0x5eed_ca1e)
    const lastDay = Date.parse(`${today()}T00:00:00Z`)
    const dates = Array.from({ length: days }, (_, index) =>
      new Date(lastDay - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10)
    )
    const observed = await this.client
      .from('ingredient_prices')
      .where('observed_on', '>=', dates[0])
      .where('observed_on', '<=', dates.at(-1)!)
      .select('ingredient_id', this.client.raw('CAST(observed_on AS TEXT) AS observed_on'))
    const taken = new Set(
      observed.map((row) => `${Number(row.ingredient_id)}|${String(row.observed_on).slice(0, 10)}`)
    )
    const createdAt = new Date()
    const rows: Record<string, unknown>[] = []
    for (const item of catalogue) {
      const season = SEASONS[item.name] ?? {
        peakDay: Math.floor(random() * 365),
        swing: 0.03 + random() * 0.1,
        rise: 0.02,
      }
      const spread = 0.004 + season.swing * 0.12
      let noise = 0
      const shape = dates.map((date, index) => {
        const dayOfYear =
          (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) /
          86_400_000
        noise = 0.8 * noise + (random() - 0.5) * 2 * spread
        return (
          (1 + season.swing * Math.cos((2 * Math.PI * (dayOfYear - season.peakDay)) / 365)) *
          (1 + (season.rise * (index - (days - 1))) / 365) *
          (1 + noise)
        )
      })
      const current = Number(item.price)
      dates.forEach((date, index) => {
        if (taken.has(`${item.id}|${date}`)) {
          return
        }
        const exact = (current * shape[index]) / shape[days - 1]
        rows.push({
          ingredient_id: item.id,
          price:
            index === days - 1
              ? current
              : Math.max(current >= 1000 ? Math.round(exact / 10) * 10 : Math.round(exact), 1),
          unit: item.unit,
          measure: item.measure,
          observed_on: date,
          source: DEMO_PRICE_SOURCE,
          created_at: createdAt,
        })
      })
    }
    await this.#insertChunks('ingredient_prices', rows)
    /* Today's observation may now be the demo one: same price, but its date and source show. */
    await this.#transaction(async (trx) => {
      const { dated } = await PriceHistory.refreshIngredients(
        catalogue.map((item) => item.id),
        trx
      )
      await RecipeRepricer.repriceRecipesUsing([], trx, { dated })
    })
    return rows.length
  }

  async #maxId(table: string): Promise<number> {
    const row = await this.client.from(table).max('id as max').first()
    return Number(row?.max ?? 0)
  }

  async #insertChunks(table: string, rows: Record<string, unknown>[]) {
    /*
     * SQLite caps a statement at 32,766 bound variables and knex writes its
     * multi-row insert as a compound SELECT, capped at 500 terms.
     */
    const columns = rows[0] ? Object.keys(rows[0]).length : 1
    const sqliteCap = this.client.dialect.name === 'postgres' ? Infinity : 400
    const size = Math.max(1, Math.min(this.#chunkSize, sqliteCap, Math.floor(30_000 / columns)))
    for (let start = 0; start < rows.length; start += size * 5) {
      await this.#transaction(async (trx) => {
        for (let offset = start; offset < Math.min(start + size * 5, rows.length); offset += size) {
          await trx
            .insertQuery()
            .table(table)
            .multiInsert(rows.slice(offset, offset + size))
        }
      })
    }
  }

  async #transaction(work: (trx: TransactionClientContract) => Promise<void>) {
    if (this.client.isTransaction) {
      return work(this.client as TransactionClientContract)
    }
    const trx = await this.client.transaction()
    try {
      await work(trx)
      await trx.commit()
    } catch (error) {
      await trx.rollback()
      throw error
    }
  }

  /* Explicit ids do not move PostgreSQL sequences; SQLite's AUTOINCREMENT follows by itself. */
  async #advanceSequences() {
    if (this.client.dialect.name !== 'postgres') {
      return
    }
    for (const table of ['members', 'posts', 'comments']) {
      await this.client.rawQuery(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`
      )
    }
  }
}
