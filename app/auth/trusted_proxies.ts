import { BlockList, isIP } from 'node:net'

/*
 * The `trustProxy` function of config/app.ts, built from TRUST_PROXY (a comma
 * list of addresses and CIDRs; empty trusts nobody). The framework walks
 * X-Forwarded-For from the socket's peer leftwards while this answers true, so
 * `request.ip()`, the address every rate limit keys on, is the rightmost hop
 * that is not a trusted proxy (contract §2). Matching is Node's own BlockList,
 * which also matches IPv4-mapped IPv6 peers (`::ffff:10.0.0.5`) against IPv4
 * ranges. A malformed entry stops the boot instead of trusting less or more
 * than the operator meant.
 */
export function trustedProxies(list: string | undefined): (address: string) => boolean {
  const entries = (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (entries.length === 0) {
    return () => false
  }

  const trusted = new BlockList()
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/')
    const type = familyOf(address)
    if (!type || rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) {
      throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or CIDR`)
    }
    if (prefix === undefined) {
      trusted.addAddress(address, type)
    } else {
      /* Throws a RangeError for a prefix longer than the family allows. */
      trusted.addSubnet(address, Number(prefix), type)
    }
  }
  return (address) => {
    const type = familyOf(address)
    return type !== null && trusted.check(address, type)
  }
}

function familyOf(address: string) {
  const family = isIP(address)
  return family === 4 ? 'ipv4' : family === 6 ? 'ipv6' : null
}
