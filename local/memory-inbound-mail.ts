import type { InboundMailStore } from '../functions/ports';

/** Inbound mail kept in memory: the local stack's stand-in for the receipt rule's S3 bucket. */
export class MemoryInboundMail implements InboundMailStore {
  readonly objects = new Map<string, Buffer>();
  async get(key: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer | undefined | 'too-large'> {
    const raw = this.objects.get(key);
    return raw && raw.length > maxBytes ? 'too-large' : raw;
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
