/*
 * export.h: MCP_EXPORT marks the functions and objects of the public API.
 * The library is compiled with -fvisibility=hidden, so the shared library
 * exports what carries the mark and nothing else; to a program that
 * includes the headers the mark changes nothing.
 */
#ifndef MCPC_EXPORT_H
#define MCPC_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define MCP_EXPORT __attribute__((visibility("default")))
#else
#define MCP_EXPORT
#endif

#endif
