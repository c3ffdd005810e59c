import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import DemoDataGenerator from '#database/demo/demo_data_generator'
import WriteGeneration from '#services/write_generation'

/*
 * Loads a demo data set of any size (the benchmark uses 5,000 members,
 * 50,000 recipes, 200,000 likes and 100,000 comments). Needs the ingredient
 * catalogue; adds to whatever is already there.
 */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Generate demo members, recipes, likes and comments'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Members to create', default: 5000 })
  declare members: number

  @flags.number({ description: 'Recipes to create', default: 50_000 })
  declare recipes: number

  @flags.number({ description: 'Recipe likes to create', default: 200_000 })
  declare likes: number

  @flags.number({ description: 'Comments to create', default: 100_000 })
  declare comments: number

  @flags.number({ description: 'Seed of the random generator', default: 20261126 })
  declare seed: number

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    for (const [name, value] of Object.entries(this.#size())) {
      if (!Number.isInteger(value) || value < 0) {
        this.logger.error(`--${name} must be a non-negative integer`)
        this.exitCode = 1
        return
      }
    }
    const generator = new DemoDataGenerator(db.connection(), { seed: this.seed })
    try {
      const summary = await generator.generate(this.#size())
      await WriteGeneration.advance()
      this.logger.success(
        `${summary.members} members, ${summary.recipes} recipes, ${summary.likes} likes, ` +
          `${summary.comments} comments in ${summary.durationMs} ms ` +
          `(password of every demo member: ${summary.password})`
      )
    } catch (error) {
      /* Driver errors quote the whole multi-row statement; its reason is at the end. */
      this.logger.error((error as Error).message.split(' - ').at(-1)!.slice(0, 500))
      this.exitCode = 1
    }
  }

  #size() {
    return {
      members: this.members,
      recipes: this.recipes,
      likes: this.likes,
      comments: this.comments,
    }
  }
}
