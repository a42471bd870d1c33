// Errors the host services throw, and how any thrown value becomes the ApiError that crosses to the renderer.
import type { ApiError } from '../api/contract';

/** An error with a stable `code` for the UI (ENOENT, EISDIR, TOO_LARGE, CHANGED_ON_DISK, EACCES, INVALID_ARGUMENT...). */
export class HostError extends Error {
  override name = 'HostError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
};

/** Wraps a failed file-system call on `file` into a HostError whose message names the path. */
export function fsError(e: unknown, action: string, file: string): HostError {
  if (e instanceof HostError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return new HostError(code, `cannot ${action} ${file}: ${REASONS[code] ?? code}`);
  return new HostError('EIO', `cannot ${action} ${file}: ${e instanceof Error ? e.message : String(e)}`);
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? { name: e.name, message: e.message, code } : { name: e.name, message: e.message };
  }
  return { name: 'Error', message: String(e) };
}

export function invalidArgument(message: string): HostError {
  return new HostError('INVALID_ARGUMENT', message);
}
