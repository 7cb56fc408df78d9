import { spawn } from 'node:child_process';

/**
 * Asks the desktop to open a URL in the default browser (`open` on macOS, `xdg-open` elsewhere, the URL
 * protocol handler on Windows). No shell is involved, so the URL's `&` and quotes stay data. Resolves to false
 * when no opener could be started — the caller then tells the user to open the URL by hand.
 */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
