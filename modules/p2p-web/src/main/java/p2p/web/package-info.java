/** See module-info. */
package p2p.web;
