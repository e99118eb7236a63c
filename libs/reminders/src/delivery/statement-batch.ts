/**
 * One kind of write that deliveries running at about the same moment make
 * (a claim, the start of an attempt, a `sent` mark), gathered into one
 * statement: up to `max` requests, at most `waitMs` after the first. The
 * requests go to `write` in the order of their reminder ids (so that two
 * batches lock rows in the same order), and `write` answers each of them,
 * by position. A failed statement fails every request in it.
 */
export class StatementBatch<Request extends { id: string }, Answer> {
  private pending: Array<{ request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (requests: Request[]) => Promise<Answer[]>,
    private readonly max: number,
    private readonly waitMs: number,
  ) {}

  add(request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (this.pending.length >= this.max) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.waitMs);
    });
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0).sort((a, b) => a.request.id.localeCompare(b.request.id));
    if (batch.length === 0) return;
    let answers: Answer[];
    try {
      answers = await this.write(batch.map((entry) => entry.request));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => entry.resolve(answers[i]));
  }
}
