import { describe, expect, it } from 'vitest';
import { generateSealingKeys, isSealed, open, seal, SealedBoxError } from '../../../shared/api/sealed-box';

describe('sealed box (X25519 + HKDF + AES-256-GCM)', () => {
  it('opens for the recipient only, for the purpose it was sealed for, and never when one byte changed', async () => {
    const server = await generateSealingKeys();
    const other = await generateSealingKeys();
    const plain = new TextEncoder().encode('聊城市东昌府区绿色建材有限公司 13905356789');
    const box = await seal(plain, server.publicKey, 'transfer');
    expect(isSealed(box)).toBe(true);
    expect(Buffer.from(box).includes(Buffer.from(plain))).toBe(false);
    expect(Buffer.from(await open(box, server, 'transfer')).equals(Buffer.from(plain))).toBe(true);
    await expect(open(box, other, 'transfer')).rejects.toThrow(SealedBoxError);
    await expect(open(box, server, 'recovery')).rejects.toThrow(SealedBoxError);
    for (const at of [0, 9, 40, 50, box.length - 1]) {
      const changed = Uint8Array.from(box);
      changed[at] = changed[at]! ^ 0x01;
      await expect(open(changed, server, 'transfer'), `byte ${at}`).rejects.toThrow(SealedBoxError);
    }
  });

  it('seals the same bytes differently each time (a fresh ephemeral key and nonce)', async () => {
    const keys = await generateSealingKeys();
    const plain = new Uint8Array(32).fill(7);
    const [a, b] = [await seal(plain, keys.publicKey, 'recovery'), await seal(plain, keys.publicKey, 'recovery')];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(await open(a, keys, 'recovery')).toEqual(await open(b, keys, 'recovery'));
  });
});
