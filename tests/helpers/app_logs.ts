import logger from '@adonisjs/core/services/logger'

/*
 * For groups that provoke failures on purpose (a dependency taken down): the
 * in-process server would log each expected 5xx, with its stack, between the
 * test results. Raises the app's loggers' level for the group; the
 * request loggers made meanwhile inherit it. Returns the restore function:
 *   group.setup(() => silenceAppLogs())
 */
export function silenceAppLogs() {
  /* The manager is a logger of its own: the HTTP server makes request loggers from it. */
  const loggers = [logger, logger.use('app'), logger.use('access')]
  const levels = loggers.map((each) => each.level)
  for (const each of loggers) {
    each.level = 'silent'
  }
  return () => {
    loggers.forEach((each, index) => (each.level = levels[index]))
  }
}
