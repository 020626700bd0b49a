/**
 * The correlator role: matches correlation keys into async edges and assembles journeys.
 * Its rules and matching arrive with the correlator issue; until then the role has no work
 * and the module only reserves its place in the build.
 */
package dev.weft.correlation;
