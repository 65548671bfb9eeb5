/**
 * Countries and the world regions that composition quotas count.
 *
 * Regions follow the World Bank's seven analytical regions. A territory the
 * Bank does not list on its own takes the region of its geography (or of
 * its sovereign where the Bank folds it in, as with Greenland). Places with
 * no permanent population have no region.
 */

/** The stable id of a World Bank region. */
export type RegionId = 'eap' | 'eca' | 'lac' | 'mena' | 'na' | 'sa' | 'ssa';

/** One world region: a stable id and its display label. */
export interface Region {
  readonly id: RegionId;
  readonly label: string;
}

/** The seven regions, in alphabetical order of id. */
export const REGIONS: readonly Region[] = Object.freeze([
  { id: 'eap', label: 'East Asia and Pacific' },
  { id: 'eca', label: 'Europe and Central Asia' },
  { id: 'lac', label: 'Latin America and the Caribbean' },
  { id: 'mena', label: 'Middle East and North Africa' },
  { id: 'na', label: 'North America' },
  { id: 'sa', label: 'South Asia' },
  { id: 'ssa', label: 'Sub-Saharan Africa' },
] as const);

/** An ISO 3166-1 alpha-2 code, its English short name and its region. */
export type CountryEntry = readonly [
  code: string,
  name: string,
  region: RegionId | null,
];

/** Every officially assigned ISO 3166-1 alpha-2 code, sorted by code. */
export const COUNTRIES: readonly CountryEntry[] = Object.freeze([
  ['AD', 'Andorra', 'eca'],
  ['AE', 'United Arab Emirates', 'mena'],
  ['AF', 'Afghanistan', 'sa'],
  ['AG', 'Antigua and Barbuda', 'lac'],
  ['AI', 'Anguilla', 'lac'],
  ['AL', 'Albania', 'eca'],
  ['AM', 'Armenia', 'eca'],
  ['AO', 'Angola', 'ssa'],
  ['AQ', 'Antarctica', null],
  ['AR', 'Argentina', 'lac'],
  ['AS', 'American Samoa', 'eap'],
  ['AT', 'Austria', 'eca'],
  ['AU', 'Australia', 'eap'],
  ['AW', 'Aruba', 'lac'],
  ['AX', 'Åland Islands', 'eca'],
  ['AZ', 'Azerbaijan', 'eca'],
  ['BA', 'Bosnia and Herzegovina', 'eca'],
  ['BB', 'Barbados', 'lac'],
  ['BD', 'Bangladesh', 'sa'],
  ['BE', 'Belgium', 'eca'],
  ['BF', 'Burkina Faso', 'ssa'],
  ['BG', 'Bulgaria', 'eca'],
  ['BH', 'Bahrain', 'mena'],
  ['BI', 'Burundi', 'ssa'],
  ['BJ', 'Benin', 'ssa'],
  ['BL', 'Saint Barthélemy', 'lac'],
  ['BM', 'Bermuda', 'na'],
  ['BN', 'Brunei Darussalam', 'eap'],
  ['BO', 'Bolivia (Plurinational State of)', 'lac'],
  ['BQ', 'Bonaire, Sint Eustatius and Saba', 'lac'],
  ['BR', 'Brazil', 'lac'],
  ['BS', 'Bahamas', 'lac'],
  ['BT', 'Bhutan', 'sa'],
  ['BV', 'Bouvet Island', null],
  ['BW', 'Botswana', 'ssa'],
  ['BY', 'Belarus', 'eca'],
  ['BZ', 'Belize', 'lac'],
  ['CA', 'Canada', 'na'],
  ['CC', 'Cocos (Keeling) Islands', 'eap'],
  ['CD', 'Congo, Democratic Republic of the', 'ssa'],
  ['CF', 'Central African Republic', 'ssa'],
  ['CG', 'Congo', 'ssa'],
  ['CH', 'Switzerland', 'eca'],
  ['CI', "Côte d'Ivoire", 'ssa'],
  ['CK', 'Cook Islands', 'eap'],
  ['CL', 'Chile', 'lac'],
  ['CM', 'Cameroon', 'ssa'],
  ['CN', 'China', 'eap'],
  ['CO', 'Colombia', 'lac'],
  ['CR', 'Costa Rica', 'lac'],
  ['CU', 'Cuba', 'lac'],
  ['CV', 'Cabo Verde', 'ssa'],
  ['CW', 'Curaçao', 'lac'],
  ['CX', 'Christmas Island', 'eap'],
  ['CY', 'Cyprus', 'eca'],
  ['CZ', 'Czechia', 'eca'],
  ['DE', 'Germany', 'eca'],
  ['DJ', 'Djibouti', 'mena'],
  ['DK', 'Denmark', 'eca'],
  ['DM', 'Dominica', 'lac'],
  ['DO', 'Dominican Republic', 'lac'],
  ['DZ', 'Algeria', 'mena'],
  ['EC', 'Ecuador', 'lac'],
  ['EE', 'Estonia', 'eca'],
  ['EG', 'Egypt', 'mena'],
  ['EH', 'Western Sahara', 'mena'],
  ['ER', 'Eritrea', 'ssa'],
  ['ES', 'Spain', 'eca'],
  ['ET', 'Ethiopia', 'ssa'],
  ['FI', 'Finland', 'eca'],
  ['FJ', 'Fiji', 'eap'],
  ['FK', 'Falkland Islands (Malvinas)', 'lac'],
  ['FM', 'Micronesia (Federated States of)', 'eap'],
  ['FO', 'Faroe Islands', 'eca'],
  ['FR', 'France', 'eca'],
  ['GA', 'Gabon', 'ssa'],
  ['GB', 'United Kingdom of Great Britain and Northern Ireland', 'eca'],
  ['GD', 'Grenada', 'lac'],
  ['GE', 'Georgia', 'eca'],
  ['GF', 'French Guiana', 'lac'],
  ['GG', 'Guernsey', 'eca'],
  ['GH', 'Ghana', 'ssa'],
  ['GI', 'Gibraltar', 'eca'],
  ['GL', 'Greenland', 'eca'],
  ['GM', 'Gambia', 'ssa'],
  ['GN', 'Guinea', 'ssa'],
  ['GP', 'Guadeloupe', 'lac'],
  ['GQ', 'Equatorial Guinea', 'ssa'],
  ['GR', 'Greece', 'eca'],
  ['GS', 'South Georgia and the South Sandwich Islands', null],
  ['GT', 'Guatemala', 'lac'],
  ['GU', 'Guam', 'eap'],
  ['GW', 'Guinea-Bissau', 'ssa'],
  ['GY', 'Guyana', 'lac'],
  ['HK', 'Hong Kong', 'eap'],
  ['HM', 'Heard Island and McDonald Islands', null],
  ['HN', 'Honduras', 'lac'],
  ['HR', 'Croatia', 'eca'],
  ['HT', 'Haiti', 'lac'],
  ['HU', 'Hungary', 'eca'],
  ['ID', 'Indonesia', 'eap'],
  ['IE', 'Ireland', 'eca'],
  ['IL', 'Israel', 'mena'],
  ['IM', 'Isle of Man', 'eca'],
  ['IN', 'India', 'sa'],
  ['IO', 'British Indian Ocean Territory', null],
  ['IQ', 'Iraq', 'mena'],
  ['IR', 'Iran (Islamic Republic of)', 'mena'],
  ['IS', 'Iceland', 'eca'],
  ['IT', 'Italy', 'eca'],
  ['JE', 'Jersey', 'eca'],
  ['JM', 'Jamaica', 'lac'],
  ['JO', 'Jordan', 'mena'],
  ['JP', 'Japan', 'eap'],
  ['KE', 'Kenya', 'ssa'],
  ['KG', 'Kyrgyzstan', 'eca'],
  ['KH', 'Cambodia', 'eap'],
  ['KI', 'Kiribati', 'eap'],
  ['KM', 'Comoros', 'ssa'],
  ['KN', 'Saint Kitts and Nevis', 'lac'],
  ['KP', "Korea (Democratic People's Republic of)", 'eap'],
  ['KR', 'Korea, Republic of', 'eap'],
  ['KW', 'Kuwait', 'mena'],
  ['KY', 'Cayman Islands', 'lac'],
  ['KZ', 'Kazakhstan', 'eca'],
  ['LA', "Lao People's Democratic Republic", 'eap'],
  ['LB', 'Lebanon', 'mena'],
  ['LC', 'Saint Lucia', 'lac'],
  ['LI', 'Liechtenstein', 'eca'],
  ['LK', 'Sri Lanka', 'sa'],
  ['LR', 'Liberia', 'ssa'],
  ['LS', 'Lesotho', 'ssa'],
  ['LT', 'Lithuania', 'eca'],
  ['LU', 'Luxembourg', 'eca'],
  ['LV', 'Latvia', 'eca'],
  ['LY', 'Libya', 'mena'],
  ['MA', 'Morocco', 'mena'],
  ['MC', 'Monaco', 'eca'],
  ['MD', 'Moldova, Republic of', 'eca'],
  ['ME', 'Montenegro', 'eca'],
  ['MF', 'Saint Martin (French part)', 'lac'],
  ['MG', 'Madagascar', 'ssa'],
  ['MH', 'Marshall Islands', 'eap'],
  ['MK', 'North Macedonia', 'eca'],
  ['ML', 'Mali', 'ssa'],
  ['MM', 'Myanmar', 'eap'],
  ['MN', 'Mongolia', 'eap'],
  ['MO', 'Macao', 'eap'],
  ['MP', 'Northern Mariana Islands', 'eap'],
  ['MQ', 'Martinique', 'lac'],
  ['MR', 'Mauritania', 'ssa'],
  ['MS', 'Montserrat', 'lac'],
  ['MT', 'Malta', 'mena'],
  ['MU', 'Mauritius', 'ssa'],
  ['MV', 'Maldives', 'sa'],
  ['MW', 'Malawi', 'ssa'],
  ['MX', 'Mexico', 'lac'],
  ['MY', 'Malaysia', 'eap'],
  ['MZ', 'Mozambique', 'ssa'],
  ['NA', 'Namibia', 'ssa'],
  ['NC', 'New Caledonia', 'eap'],
  ['NE', 'Niger', 'ssa'],
  ['NF', 'Norfolk Island', 'eap'],
  ['NG', 'Nigeria', 'ssa'],
  ['NI', 'Nicaragua', 'lac'],
  ['NL', 'Netherlands', 'eca'],
  ['NO', 'Norway', 'eca'],
  ['NP', 'Nepal', 'sa'],
  ['NR', 'Nauru', 'eap'],
  ['NU', 'Niue', 'eap'],
  ['NZ', 'New Zealand', 'eap'],
  ['OM', 'Oman', 'mena'],
  ['PA', 'Panama', 'lac'],
  ['PE', 'Peru', 'lac'],
  ['PF', 'French Polynesia', 'eap'],
  ['PG', 'Papua New Guinea', 'eap'],
  ['PH', 'Philippines', 'eap'],
  ['PK', 'Pakistan', 'sa'],
  ['PL', 'Poland', 'eca'],
  ['PM', 'Saint Pierre and Miquelon', 'na'],
  ['PN', 'Pitcairn', 'eap'],
  ['PR', 'Puerto Rico', 'lac'],
  ['PS', 'Palestine, State of', 'mena'],
  ['PT', 'Portugal', 'eca'],
  ['PW', 'Palau', 'eap'],
  ['PY', 'Paraguay', 'lac'],
  ['QA', 'Qatar', 'mena'],
  ['RE', 'Réunion', 'ssa'],
  ['RO', 'Romania', 'eca'],
  ['RS', 'Serbia', 'eca'],
  ['RU', 'Russian Federation', 'eca'],
  ['RW', 'Rwanda', 'ssa'],
  ['SA', 'Saudi Arabia', 'mena'],
  ['SB', 'Solomon Islands', 'eap'],
  ['SC', 'Seychelles', 'ssa'],
  ['SD', 'Sudan', 'ssa'],
  ['SE', 'Sweden', 'eca'],
  ['SG', 'Singapore', 'eap'],
  ['SH', 'Saint Helena, Ascension and Tristan da Cunha', 'ssa'],
  ['SI', 'Slovenia', 'eca'],
  ['SJ', 'Svalbard and Jan Mayen', 'eca'],
  ['SK', 'Slovakia', 'eca'],
  ['SL', 'Sierra Leone', 'ssa'],
  ['SM', 'San Marino', 'eca'],
  ['SN', 'Senegal', 'ssa'],
  ['SO', 'Somalia', 'ssa'],
  ['SR', 'Suriname', 'lac'],
  ['SS', 'South Sudan', 'ssa'],
  ['ST', 'Sao Tome and Principe', 'ssa'],
  ['SV', 'El Salvador', 'lac'],
  ['SX', 'Sint Maarten (Dutch part)', 'lac'],
  ['SY', 'Syrian Arab Republic', 'mena'],
  ['SZ', 'Eswatini', 'ssa'],
  ['TC', 'Turks and Caicos Islands', 'lac'],
  ['TD', 'Chad', 'ssa'],
  ['TF', 'French Southern Territories', null],
  ['TG', 'Togo', 'ssa'],
  ['TH', 'Thailand', 'eap'],
  ['TJ', 'Tajikistan', 'eca'],
  ['TK', 'Tokelau', 'eap'],
  ['TL', 'Timor-Leste', 'eap'],
  ['TM', 'Turkmenistan', 'eca'],
  ['TN', 'Tunisia', 'mena'],
  ['TO', 'Tonga', 'eap'],
  ['TR', 'Türkiye', 'eca'],
  ['TT', 'Trinidad and Tobago', 'lac'],
  ['TV', 'Tuvalu', 'eap'],
  ['TW', 'Taiwan, Province of China', 'eap'],
  ['TZ', 'Tanzania, United Republic of', 'ssa'],
  ['UA', 'Ukraine', 'eca'],
  ['UG', 'Uganda', 'ssa'],
  ['UM', 'United States Minor Outlying Islands', null],
  ['US', 'United States of America', 'na'],
  ['UY', 'Uruguay', 'lac'],
  ['UZ', 'Uzbekistan', 'eca'],
  ['VA', 'Holy See', 'eca'],
  ['VC', 'Saint Vincent and the Grenadines', 'lac'],
  ['VE', 'Venezuela (Bolivarian Republic of)', 'lac'],
  ['VG', 'Virgin Islands (British)', 'lac'],
  ['VI', 'Virgin Islands (U.S.)', 'lac'],
  ['VN', 'Viet Nam', 'eap'],
  ['VU', 'Vanuatu', 'eap'],
  ['WF', 'Wallis and Futuna', 'eap'],
  ['WS', 'Samoa', 'eap'],
  ['YE', 'Yemen', 'mena'],
  ['YT', 'Mayotte', 'ssa'],
  ['ZA', 'South Africa', 'ssa'],
  ['ZM', 'Zambia', 'ssa'],
  ['ZW', 'Zimbabwe', 'ssa'],
] as const);

const byCode: ReadonlyMap<string, CountryEntry> = new Map(
  COUNTRIES.map((entry) => [entry[0], entry]),
);

function lookup(input: string): CountryEntry | undefined {
  return byCode.get(input.trim().toUpperCase());
}

/**
 * Reads a country code as a person typed it.
 *
 * @param input - free text such as `' fr '`
 * @returns the upper-case alpha-2 code if it is officially assigned,
 *   otherwise null
 */
export function normaliseCountry(input: string): string | null {
  return lookup(input)?.[0] ?? null;
}

/**
 * The region a country belongs to.
 *
 * @param country - an alpha-2 code (case and surrounding space ignored),
 *   or null when the person gave none
 * @returns the region id, or null for an unknown code, a missing country
 *   or a place with no permanent population
 */
export function regionOf(country: string | null): RegionId | null {
  if (country === null) return null;

  return lookup(country)?.[2] ?? null;
}

/**
 * The English short name of a country.
 *
 * @param code - an alpha-2 code (case and surrounding space ignored)
 * @returns the name, or null when the code is not assigned
 */
export function countryName(code: string): string | null {
  return lookup(code)?.[1] ?? null;
}
