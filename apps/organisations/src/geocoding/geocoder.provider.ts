import { createGeocoder, type Geocoder } from '@care/geocoding';
import type { OrganisationsConfig } from '../config/organisations.config.js';

export const GEOCODER = Symbol('GEOCODER');

export const geocoderProvider = (config: OrganisationsConfig) => ({ provide: GEOCODER, useValue: createGeocoder(config) as Geocoder });
