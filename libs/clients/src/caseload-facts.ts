import { Injectable } from '@nestjs/common';
import { AccessGrounds, Caller } from '@tongban/platform';
import { ClientDataKind, decideAccess } from './access';
import { CaseloadFactsDto } from './dto/client.dto';

/**
 * What an area above the client record adds to each client of a caseload
 * list (`GET /clients`): dosing its missed-dose flag, counseling the last
 * session and the next appointment. Each source names the kind of data it
 * shows; it is asked only about the listed clients whose data of that kind
 * the caller may read, so a list never shows more than the record would.
 */
export interface CaseloadFactSource {
  readonly kind: ClientDataKind;
  /** The facts of each client (by id), all of them of the caller's clinic; one statement or a few, never one per client. */
  factsOf(caller: Caller, clientIds: string[]): Promise<Map<string, Partial<CaseloadFactsDto>>>;
}

/** The sources registered by the areas above (at module init), asked for each page of a caseload list. */
@Injectable()
export class CaseloadFacts {
  private readonly sources: CaseloadFactSource[] = [];

  register(source: CaseloadFactSource): void {
    this.sources.push(source);
  }

  /** The facts each source gives, for the listed clients (id and the grounds the list showed them on) the caller may read them of. */
  async of(caller: Caller, listed: Array<{ id: string; grounds: AccessGrounds }>): Promise<Map<string, Partial<CaseloadFactsDto>>> {
    const facts = new Map<string, Partial<CaseloadFactsDto>>();
    if (!caller.clinicId || listed.length === 0) return facts;
    await Promise.all(
      this.sources.map(async (source) => {
        const ids = listed.filter((row) => mayRead(caller, source.kind, row.grounds)).map((row) => row.id);
        if (ids.length === 0) return;
        for (const [id, found] of await source.factsOf(caller, ids)) facts.set(id, { ...facts.get(id), ...found });
      }),
    );
    return facts;
  }
}

/** Whether a client listed on these grounds may be read of this kind: the record's own rule (a read, as the list is). */
function mayRead(caller: Caller, kind: ClientDataKind, grounds: AccessGrounds): boolean {
  const emergency = grounds === 'emergency';
  return decideAccess(caller.role, kind, { related: !emergency, emergency }, 'read') !== null;
}
