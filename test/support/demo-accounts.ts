/** The demo accounts (docs/api.md, "Demo world"), by what tests call them. */
export const DEMO = {
  operator: 'operator@exchange.demo',
  ofacOfficer: 'officer@ofac.fr.demo',
  parisJudge: 'judge@tj-paris.fr.demo',
  parisProsecutor: 'prosecutor@parquet-paris.fr.demo',
  ncaOfficer: 'officer@nca.uk.demo',
  crownCourtJudge: 'judge@crowncourt.uk.demo',
  irishReviewer: 'reviewer@justice.ie.demo',
  examplegram: 'legal@examplegram.demo',
  nordtel: 'legal@nordtel.demo',
  albionMail: 'legal@albionmail.demo',
  ofacDuty: 'duty@ofac.fr.demo',
  homeOffice: 'da@homeoffice.uk.demo',
  ukCentralAuthority: 'ukca@homeoffice.uk.demo',
  bepi: 'bepi@justice.fr.demo',
  oia: 'oia@justice.us.demo',
} as const;
