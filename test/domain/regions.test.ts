import t from 'tap';

import {
  COUNTRIES,
  REGIONS,
  countryName,
  normaliseCountry,
  regionOf,
} from '../../src/domain/regions.js';

t.test('lists all 249 assigned codes, each once', async (t) => {
  const codes = COUNTRIES.map(([code]) => code);

  t.equal(codes.length, 249);
  t.equal(new Set(codes).size, 249);
  t.ok(codes.every((code) => /^[A-Z]{2}$/.test(code)));
  t.same(codes, [...codes].sort(), 'sorted by code');
});

t.test('gives every entry a name and a known region or none', async (t) => {
  const ids = new Set<string | null>(REGIONS.map((r) => r.id));

  t.equal(REGIONS.length, 7);
  t.equal(ids.size, 7);
  for (const [code, name, region] of COUNTRIES) {
    t.ok(name.trim().length > 0, `${code} has a name`);
    t.ok(region === null || ids.has(region), `${code} has a known region`);
  }
});

t.test('uses every region', async (t) => {
  const used = new Set(COUNTRIES.map(([, , region]) => region));

  for (const { id } of REGIONS) t.ok(used.has(id), `${id} is used`);
});

t.test('places well-known countries in their World Bank region', async (t) => {
  const expected: Record<string, string> = {
    US: 'na',
    CA: 'na',
    MX: 'lac',
    BR: 'lac',
    NG: 'ssa',
    SD: 'ssa',
    ZA: 'ssa',
    EG: 'mena',
    MA: 'mena',
    IN: 'sa',
    AF: 'sa',
    PH: 'eap',
    CN: 'eap',
    DE: 'eca',
    TR: 'eca',
    KZ: 'eca',
    GL: 'eca',
  };

  for (const [code, region] of Object.entries(expected)) {
    t.equal(regionOf(code), region, `${code} is in ${region}`);
  }
});

t.test('gives uninhabited places no region', async (t) => {
  t.equal(regionOf('AQ'), null);
  t.equal(countryName('AQ'), 'Antarctica');
});

t.test('normalises typed codes', async (t) => {
  t.equal(normaliseCountry(' fr '), 'FR');
  t.equal(normaliseCountry('Gb'), 'GB');
  t.equal(normaliseCountry('XX'), null);
  t.equal(normaliseCountry(''), null);
  t.equal(normaliseCountry('FRA'), null);
});

t.test('returns null for unknown or missing countries', async (t) => {
  t.equal(regionOf('XX'), null);
  t.equal(regionOf(null), null);
  t.equal(regionOf(' mx '), 'lac');
  t.equal(countryName('XX'), null);
  t.equal(countryName('fr'), 'France');
});
