import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** What the fake server answers for a name: SRV records, NXDOMAIN, SERVFAIL, or nothing at all (a time-out). */
export type FakeAnswer = { srv: { target: string; port: number; priority?: number; weight?: number }[] } | 'nxdomain' | 'servfail' | 'silent';

/**
 * A DNS server for tests, on UDP port 0 of loopback: enough of RFC 1035 and RFC 2782 for `node:dns`'s
 * `resolveSrv` to ask it SRV questions. Counts the questions it was asked, so a test can tell a cached answer from
 * a fresh one.
 */
export class FakeDnsServer {
  readonly asked: string[] = [];
  readonly #socket: Socket = createSocket('udp4');

  constructor(readonly answers: Record<string, FakeAnswer | FakeAnswer[]>) {
    this.#socket.on('message', (query, peer) => {
      const { id, name, questionEnd } = parseQuery(query);
      this.asked.push(name);
      const planned = this.answers[name] ?? 'nxdomain';
      // A list answers one question after another (the last one repeats).
      const answer = Array.isArray(planned) ? planned[Math.min(this.asked.filter((n) => n === name).length - 1, planned.length - 1)]! : planned;
      if (answer === 'silent') return;
      this.#socket.send(response(id, query.subarray(12, questionEnd), answer), peer.port, peer.address);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#socket.bind(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.#socket.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}

function parseQuery(query: Buffer): { id: number; name: string; questionEnd: number } {
  const labels: string[] = [];
  let at = 12;
  while (query[at]! > 0) {
    const length = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
    at += length + 1;
  }
  // The terminating zero, then QTYPE and QCLASS.
  return { id: query.readUInt16BE(0), name: labels.join('.').toLowerCase(), questionEnd: at + 5 };
}

function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').filter(Boolean).map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function response(id: number, question: Buffer, answer: Exclude<FakeAnswer, 'silent'>): Buffer {
  const records = typeof answer === 'object' ? answer.srv : [];
  const rcode = answer === 'nxdomain' ? 3 : answer === 'servfail' ? 2 : 0;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8180 | rcode, 2); // a response, recursion desired and available
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const answers = records.map((r) => {
    const target = encodeName(r.target);
    const fixed = Buffer.alloc(2 + 2 + 2 + 4 + 2 + 6);
    fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    fixed.writeUInt16BE(33, 2); // SRV
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(300, 6); // TTL
    fixed.writeUInt16BE(6 + target.length, 10);
    fixed.writeUInt16BE(r.priority ?? 0, 12);
    fixed.writeUInt16BE(r.weight ?? 0, 14);
    fixed.writeUInt16BE(r.port, 16);
    return Buffer.concat([fixed, target]);
  });
  return Buffer.concat([header, question, ...answers]);
}
