/**
 * The operator API: {@link p2p.web.OperatorServer} and the settings and collaborator interfaces it is built from.
 */
package p2p.web;
