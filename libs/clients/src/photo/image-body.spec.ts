import { sniffImageType } from './image-body';

describe('sniffImageType', () => {
  it.each([
    ['a JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00], 'image/jpeg'],
    ['a PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00], 'image/png'],
    ['a GIF', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], null],
    ['a PNG cut short', [0x89, 0x50, 0x4e, 0x47], null],
    ['nothing', [], null],
  ])('reads %s by its magic bytes', (_label, bytes, expected) => {
    expect(sniffImageType(Buffer.from(bytes))).toBe(expected);
  });
});
