/**
 * What a benchmark must undo, whether it ends well or not: child processes
 * to stop, a database to drop. Undone last first; each step once.
 */
export class Cleanup {
  private readonly steps: Array<{ label: string; undo: () => Promise<void> | void }> = [];

  add(label: string, undo: () => Promise<void> | void): void {
    this.steps.push({ label, undo });
  }

  async run(log: (line: string) => void): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        log(`cleanup: could not ${step.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
