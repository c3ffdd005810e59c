import { test } from '@japa/runner'
import { trustedProxies } from '#auth/trusted_proxies'

/* TRUST_PROXY → config/app.ts `trustProxy` (contract §2, client address). */
test.group('trustedProxies', () => {
  test('empty or unset trusts nobody', ({ assert }) => {
    for (const list of [undefined, '', ' , ']) {
      const trust = trustedProxies(list)
      assert.isFalse(trust('127.0.0.1'))
      assert.isFalse(trust('::1'))
      assert.isFalse(trust('10.0.0.1'))
    }
  })

  test('addresses and IPv4 / IPv6 CIDRs', ({ assert }) => {
    const trust = trustedProxies('127.0.0.1, 10.0.0.0/8,192.168.1.0/24 , fd00::/8')
    assert.isTrue(trust('127.0.0.1'))
    assert.isFalse(trust('127.0.0.2'))
    assert.isTrue(trust('10.255.1.2'))
    assert.isFalse(trust('11.0.0.1'))
    assert.isTrue(trust('192.168.1.200'))
    assert.isFalse(trust('192.168.2.1'))
    assert.isTrue(trust('fd12:3456::1'))
    assert.isFalse(trust('fe80::1'))
  })

  test('an IPv4-mapped IPv6 peer matches its IPv4 range', ({ assert }) => {
    const trust = trustedProxies('10.0.0.0/8')
    assert.isTrue(trust('::ffff:10.1.2.3'))
    assert.isFalse(trust('::ffff:11.1.2.3'))
  })

  test('what is not an address is never trusted', ({ assert }) => {
    const trust = trustedProxies('0.0.0.0/0')
    assert.isTrue(trust('8.8.8.8'))
    for (const value of ['', 'unknown', '8.8.8.8:80', '[::1]', '1.2.3']) {
      assert.isFalse(trust(value), value)
    }
  })

  test('a malformed entry refuses to start', ({ assert }) => {
    for (const list of ['localhost', '10.0.0.0/33', '10.0.0.0/8/1', '10.0.0.0/x', '::1/129']) {
      assert.throws(() => trustedProxies(list))
    }
  })
})
