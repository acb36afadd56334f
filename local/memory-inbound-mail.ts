import type { InboundMailStore } from '../functions/adapters/inbound-mail';

/** Inbound mail kept in memory: the local stack's stand-in for the receipt rule's S3 bucket. */
export class MemoryInboundMail implements InboundMailStore {
  readonly objects = new Map<string, Buffer>();
  async get(key: string): Promise<Buffer | undefined> {
    return this.objects.get(key);
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
