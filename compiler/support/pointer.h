/*
 * pointer.h: JSON Pointers as the incremental checks of an environment
 * compare them.
 */
#ifndef MCPC_SUPPORT_POINTER_H
#define MCPC_SUPPORT_POINTER_H

/*
 * Whether a change at pointer @p changed can alter what pointer pattern
 * @p pattern names: @p changed at, above or below it. A pattern's segment
 * "*" is any one segment; segments compare as written (escaped). A
 * @p changed that is no pointer (the root) reaches everything.
 */
int mcp_pointer_reaches(const char *pattern, const char *changed);

/* Whether a change at any of @p changed (@p n of them; NULL: anywhere)
 * reaches one of @p patterns (NULL-terminated). */
int mcp_pointers_reach(const char *const *patterns, const char *const *changed,
                       size_t n);

#endif
