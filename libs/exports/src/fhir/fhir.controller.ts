import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, type Caller, CurrentCaller, ParseId, Permission } from '@tongban/platform';
import { FhirBundle } from './fhir-bundle';
import { FhirService } from './fhir.service';

@ApiTags('exports')
@Controller()
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  @Get('clients/:id/fhir')
  @Authenticated({ permission: Permission.ClientFhirExport })
  @Header('Content-Type', 'application/fhir+json; charset=utf-8')
  @ApiProduces('application/fhir+json')
  @ApiOkResponse({
    description:
      'The client’s record as a FHIR R4 Bundle (type collection): Patient, EpisodeOfCare, MedicationRequest (orders), ' +
      'MedicationAdministration (observed doses), MedicationDispense (take-home doses), Observation (drug-test results per ' +
      'substance, LOINC-coded where a code exists, a refusal as `asked-declined`; assessment totals and subscale scores, never ' +
      'the item answers), CarePlan and Goal (domain, target date, status; no descriptions or review notes), ServiceRequest ' +
      '(referrals: service, organisation by name, status; no note or outcome) and Consent, methadone coded in RxNorm ' +
      '(6813) and ATC (N07BC02). Never counseling notes or other free text. Coordinators and physicians; only with the ' +
      'client’s referral consent in force (422 CONSENT_REQUIRED). Audited as a disclosure.',
  })
  bundle(@CurrentCaller() caller: Caller, @Param('id', ParseId()) id: string): Promise<FhirBundle> {
    return this.fhir.bundle(caller, id);
  }
}
