// The key sign-in limits count a client by: an IPv4 address as it is, an IPv6 client by its /64 (it may rotate
// through every address of it), however the address is written.
import { clientKey } from '../../domain/client-key';

test('an IPv4 address is its own key, also when written as an IPv4-mapped IPv6 address', () => {
  expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
  expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  expect(clientKey('::FFFF:203.0.113.9')).toBe('203.0.113.9');
});

test('every address of an IPv6 /64 has the same key, however it is written; another /64 has another', () => {
  const key = '2001:db8:1:2::/64';
  for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0000:0000:0000:0abc', '2001:db8:1:2:a:b:1.2.3.4', '2001:db8:1:2::7%eth0'])
    expect(clientKey(ip)).toBe(key);
  expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  expect(clientKey('::1')).toBe('0:0:0:0::/64');
  expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
});
