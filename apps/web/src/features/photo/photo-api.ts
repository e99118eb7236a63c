import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/client';

/** The API's limit for a photo (api.md "Clients"). */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
const SENT_TYPES = ['image/jpeg', 'image/png'];

export const photoKey = (clientId: string) => ['clients', clientId, 'photo'] as const;

/**
 * The client's photo as a URL for an `<img>`, or null when they have
 * none. The API answers it with `no-store`; here it lives only while a screen
 * shows it (no cache time), so nothing of it stays on a shared computer.
 */
export function useClientPhoto(clientId: string, hasPhoto: boolean | undefined): { url: string | null; loading: boolean; error: unknown } {
  const photo = useQuery({
    queryKey: photoKey(clientId),
    // Asked only when the API says there is one (`hasPhoto`), so a client without a photo costs no request.
    enabled: hasPhoto === true,
    gcTime: 0,
    staleTime: Infinity,
    queryFn: async (): Promise<Blob> => {
      return (await apiRequest(`/clients/${clientId}/photo`, { cache: 'no-store' })).blob();
    },
  });
  const [url, setUrl] = useState<string | null>(null);
  const blob = photo.data ?? null;
  useEffect(() => {
    setUrl(null);
    if (!blob) return;
    // A data: URL, which the API's content security policy allows for images (blob: URLs it does not).
    let current = true;
    const reader = new FileReader();
    reader.onload = () => {
      if (current && typeof reader.result === 'string') setUrl(reader.result);
    };
    reader.readAsDataURL(blob);
    return () => {
      current = false;
      reader.abort();
    };
  }, [blob]);
  return { url: hasPhoto === true ? url : null, loading: photo.isPending && hasPhoto === true, error: photo.error };
}

export async function uploadPhoto(clientId: string, image: Blob): Promise<void> {
  await apiRequest(`/clients/${clientId}/photo`, { method: 'PUT', headers: { 'Content-Type': image.type }, body: image });
}

export async function deletePhoto(clientId: string): Promise<void> {
  await apiRequest(`/clients/${clientId}/photo`, { method: 'DELETE' });
}

/**
 * A picture the API accepts: a JPEG or PNG of at most 2 MB is sent as it is;
 * anything larger, or another image type the camera produced (HEIC, WebP), is
 * drawn smaller on a canvas and sent as JPEG, halving the size until it fits.
 */
export async function fitForUpload(file: Blob): Promise<Blob> {
  if (SENT_TYPES.includes(file.type) && file.size <= PHOTO_MAX_BYTES) return file;
  const bitmap = await createImageBitmap(file);
  try {
    let longest = Math.min(1600, Math.max(bitmap.width, bitmap.height));
    for (;;) {
      const scale = longest / Math.max(bitmap.width, bitmap.height);
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no canvas');
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
      if (!blob) throw new Error('the image could not be encoded');
      if (blob.size <= PHOTO_MAX_BYTES || longest <= 200) return blob;
      longest = Math.round(longest / 2);
    }
  } finally {
    bitmap.close();
  }
}
