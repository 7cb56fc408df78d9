import { describe, expect, it } from 'vitest';
import {
  imageKeyToV3File,
  photoAvatarPrompt,
  toLegacyAvatarGroup,
  toLegacyGenerationStatus,
  toLegacyPhotoAvatarStatus,
  toLegacyTrainingStatus,
} from './avatar-mapping.ts';

describe('status translations', () => {
  it.each([
    ['processing', 'processing', 'training', 'pending'],
    ['pending_consent', 'pending', 'pending', 'pending'],
    ['completed', 'success', 'ready', 'completed'],
    ['failed', 'failed', 'failed', 'failed'],
    [null, 'pending', 'pending', 'pending'],
  ])('v3 %s → generation %s, training %s, photo avatar %s', (v3, generation, training, photo) => {
    expect(toLegacyGenerationStatus(v3)).toBe(generation);
    expect(toLegacyTrainingStatus(v3)).toBe(training);
    expect(toLegacyPhotoAvatarStatus(v3)).toBe(photo);
  });
});

describe('imageKeyToV3File', () => {
  it('passes URLs through, resolves legacy keys on the resource host, treats the rest as asset ids', () => {
    expect(imageKeyToV3File('https://cdn.example/a.png')).toEqual({
      type: 'url',
      url: 'https://cdn.example/a.png',
    });
    expect(imageKeyToV3File('image/d9e6bbbba83a400885fe9df1abe5f131/original')).toEqual({
      type: 'url',
      url: 'https://resource2.heygen.ai/image/d9e6bbbba83a400885fe9df1abe5f131/original',
    });
    expect(imageKeyToV3File('asset_123')).toEqual({ type: 'asset_id', asset_id: 'asset_123' });
  });
});

describe('photoAvatarPrompt', () => {
  it('writes the attributes into one prompt and skips Unspecified', () => {
    expect(
      photoAvatarPrompt({
        age: 'Young Adult',
        gender: 'Woman',
        ethnicity: 'Unspecified',
        orientation: 'vertical',
        pose: 'half_body',
        style: 'Realistic',
        appearance: 'Short dark hair, navy blazer.',
      }),
    ).toBe(
      'Portrait photo of a Young Adult Woman, half body framing, vertical orientation, Realistic style. ' +
        'Short dark hair, navy blazer.',
    );
  });
});

describe('toLegacyAvatarGroup', () => {
  it('adds the v2 names next to the v3 ones', () => {
    expect(
      toLegacyAvatarGroup({
        id: 'grp_1',
        name: 'Anna',
        created_at: 1_700_000_000,
        looks_count: 3,
        preview_image_url: 'https://img',
        status: 'completed',
      }),
    ).toMatchObject({
      id: 'grp_1',
      num_looks: 3,
      preview_image: 'https://img',
      train_status: 'completed',
      looks_count: 3,
    });
  });
});
