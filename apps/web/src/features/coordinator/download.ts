import { useTranslation } from 'react-i18next';
import { ok } from '../../api/client';
import { todayIso } from '../../i18n/clinic-time';

/** What the typed client answers for a file fetched as a Blob. */
export interface BlobResult {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/**
 * Saves a report export (or another file the API answers). The API wants the bearer token, so a plain link
 * cannot fetch it: the typed client fetches it as a Blob and the browser
 * saves it from an object URL. The file is named after today in `timeZone`
 * (the clinic's, see `useClinicTimeZone`), the day its figures run to.
 */
export async function saveExport(
  call: Promise<BlobResult>,
  report: string,
  extension: 'csv' | 'pdf' | 'json' | 'zip',
  timeZone: string | undefined,
): Promise<void> {
  const blob = await ok(call);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${report}-${todayIso(timeZone)}.${extension}`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download once click() returns; free the memory a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The language of an export: the app's own, so a file reads like the screen it came from. */
export function useExportLanguage(): 'zh-CN' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}
