/* Every route of the API, by area: one file per section of the contract (app/openapi/paths/). */
import { operationPaths } from '#openapi/paths/operations'
import { membersPaths } from '#openapi/paths/members'
import { recipesPaths } from '#openapi/paths/recipes'
import { commentsPaths } from '#openapi/paths/comments'
import { pricesPaths } from '#openapi/paths/prices'
import { plansPaths } from '#openapi/paths/plans'
import type { Operation } from '#openapi/operations'

export const paths: Record<string, Record<string, Operation>> = {
  ...operationPaths,
  ...membersPaths,
  ...recipesPaths,
  ...commentsPaths,
  ...pricesPaths,
  ...plansPaths,
}
