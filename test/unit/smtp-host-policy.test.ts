import { isAllowListed, isPublicAddress, smtpTarget, SMTP_PORTS } from '../../src/mail/smtp-host-policy';

const resolver = (addresses: string[]) => async () => addresses.map((address) => ({ address }));
const open = { allowedHosts: [] };

describe('user SMTP host policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    '2001:db8::1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '142.250.4.108', '172.32.0.1', '2607:f8b0:4003:c00::6c', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses a host when any of its addresses is not public, naming the field', async () => {
    await expect(smtpTarget('smtp.example.com', 587, open, resolver(['8.8.8.8', '10.0.0.5']))).rejects.toMatchObject({
      errors: [{ field: 'host', message: 'smtp.example.com is not a public internet address' }],
    });
    await expect(
      smtpTarget('nowhere.invalid', 587, open, () => Promise.reject(new Error('ENOTFOUND'))),
    ).rejects.toMatchObject({ errors: [{ field: 'host' }] });
  });

  it('connects to the address it checked, verifying the name over TLS', async () => {
    expect(await smtpTarget('smtp.example.com', 465, open, resolver(['8.8.4.4']))).toEqual({
      address: '8.8.4.4',
      servername: 'smtp.example.com',
    });
    expect(await smtpTarget('8.8.4.4', 25, open, resolver(['8.8.4.4']))).toEqual({ address: '8.8.4.4' });
  });

  it('takes only the ports SMTP uses', async () => {
    for (const port of SMTP_PORTS)
      await expect(smtpTarget('smtp.example.com', port, open, resolver(['8.8.8.8']))).resolves.toBeDefined();
    for (const port of [22, 80, 5432, 6379, 8080])
      await expect(smtpTarget('smtp.example.com', port, open, resolver(['8.8.8.8']))).rejects.toMatchObject({
        errors: [{ field: 'port' }],
      });
  });

  it('with an allow-list, takes only listed hosts, and trusts them on any address and port', async () => {
    const policy = { allowedHosts: ['relay.corp.local', '*.mail.example.com'] };
    expect(isAllowListed('RELAY.corp.local.', policy.allowedHosts)).toBe(true);
    expect(isAllowListed('a.mail.example.com', policy.allowedHosts)).toBe(true);
    expect(isAllowListed('mail.example.com', policy.allowedHosts)).toBe(false);
    expect(isAllowListed('evilmail.example.com', policy.allowedHosts)).toBe(false);
    expect(await smtpTarget('relay.corp.local', 2526, policy, resolver(['10.0.0.25']))).toEqual({
      address: '10.0.0.25',
      servername: 'relay.corp.local',
    });
    await expect(smtpTarget('smtp.gmail.com', 587, policy, resolver(['142.250.4.108']))).rejects.toMatchObject({
      errors: [{ field: 'host' }],
    });
  });
});
