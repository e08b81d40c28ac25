/*
 * nonet.c: what mcpc gives libgit2 in place of its network libraries.
 * mcpc reads repositories on disk and never talks to a remote, yet
 * libgit2 links, and sets up as it starts, an SSH library (libssh2, with
 * OpenSSL under it), a TLS library (mbedTLS, whose certificate reader
 * parses every certificate of the system's CA bundle), an HTTP parser and
 * GSSAPI (Kerberos): a dozen shared libraries to map and relocate before
 * main, more than half of what a `lint --staged` costs.
 *
 * When the Makefile links libgit2's archive into the program
 * (MCPC_STATIC_GIT2; docs/architecture.md, "Start-up"), the functions
 * libgit2 calls from those libraries are the ones below: setting up
 * succeeds and does
 * nothing, and everything that would open a connection fails with an
 * error libgit2 reports (an SSH session cannot be made, a TLS context
 * cannot be set up, a URL does not parse, GSSAPI has no mechanism), so
 * were anything ever to ask for a remote, it would get an error, never a
 * connection. SHA-256 (libgit2 hashes its config files with it) and
 * mbedTLS's error strings come from the real libmbedcrypto archive.
 *
 * Otherwise (libgit2 linked as a shared library) only the certificate
 * reader is defined: the dynamic linker binds libgit2's call to the
 * program's definition before libmbedx509's, and no certificate is
 * loaded (tests/startup.sh checks both forms). The library (libmcpc)
 * leaves a program that embeds it alone.
 */
#include <stddef.h>

#ifndef MCPC_STATIC_GIT2

/* Weak, so that a statically linked mbedTLS keeps its own; a libgit2
 * built on OpenSSL never calls it. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
    __attribute__((weak));
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0; /* loaded: nothing */
}

#else /* MCPC_STATIC_GIT2 */

#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include <http_parser.h>
#include <libssh2.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

/* The error every call that would reach the network returns (mbedTLS's
 * and libssh2's codes are negative). */
#define NO_NET      (-1)

/* ---- libssh2: set up, never a session ---- */

int libssh2_init(int flags)
{
	(void)flags;
	return 0;
}

void libssh2_exit(void)
{
}

LIBSSH2_SESSION *libssh2_session_init_ex(LIBSSH2_ALLOC_FUNC((*a)),
                                         LIBSSH2_FREE_FUNC((*f)),
                                         LIBSSH2_REALLOC_FUNC((*r)),
                                         void *abstract)
{
	(void)a;
	(void)f;
	(void)r;
	(void)abstract;
	return NULL; /* libgit2: "failed to initialize SSH session" */
}

void **libssh2_session_abstract(LIBSSH2_SESSION *s)
{
	(void)s;
	return NULL;
}

int libssh2_session_disconnect_ex(LIBSSH2_SESSION *s, int reason,
                                  const char *description, const char *lang)
{
	(void)s;
	(void)reason;
	(void)description;
	(void)lang;
	return NO_NET;
}

int libssh2_session_free(LIBSSH2_SESSION *s)
{
	(void)s;
	return 0;
}

int libssh2_session_handshake(LIBSSH2_SESSION *s, libssh2_socket_t sock)
{
	(void)s;
	(void)sock;
	return NO_NET;
}

const char *libssh2_session_hostkey(LIBSSH2_SESSION *s, size_t *len, int *type)
{
	(void)s;
	if (len)
		*len = 0;
	if (type)
		*type = 0;
	return NULL;
}

int libssh2_session_last_error(LIBSSH2_SESSION *s, char **errmsg,
                               int *errmsg_len, int want_buf)
{
	static char msg[] = "SSH is not built into mcpc";

	(void)s;
	(void)want_buf; /* never a buffer to free */
	if (errmsg)
		*errmsg = msg;
	if (errmsg_len)
		*errmsg_len = (int)sizeof(msg) - 1;
	return NO_NET;
}

int libssh2_session_method_pref(LIBSSH2_SESSION *s, int method_type,
                                const char *prefs)
{
	(void)s;
	(void)method_type;
	(void)prefs;
	return NO_NET;
}

void libssh2_session_set_blocking(LIBSSH2_SESSION *s, int blocking)
{
	(void)s;
	(void)blocking;
}

const char *libssh2_hostkey_hash(LIBSSH2_SESSION *s, int hash_type)
{
	(void)s;
	(void)hash_type;
	return NULL;
}

LIBSSH2_CHANNEL *
libssh2_channel_open_ex(LIBSSH2_SESSION *s, const char *channel_type,
                        unsigned int channel_type_len, unsigned int window_size,
                        unsigned int packet_size, const char *message,
                        unsigned int message_len)
{
	(void)s;
	(void)channel_type;
	(void)channel_type_len;
	(void)window_size;
	(void)packet_size;
	(void)message;
	(void)message_len;
	return NULL;
}

int libssh2_channel_process_startup(LIBSSH2_CHANNEL *c, const char *request,
                                    unsigned int request_len,
                                    const char *message,
                                    unsigned int message_len)
{
	(void)c;
	(void)request;
	(void)request_len;
	(void)message;
	(void)message_len;
	return NO_NET;
}

ssize_t libssh2_channel_read_ex(LIBSSH2_CHANNEL *c, int stream_id, char *buf,
                                size_t buflen)
{
	(void)c;
	(void)stream_id;
	(void)buf;
	(void)buflen;
	return NO_NET;
}

ssize_t libssh2_channel_write_ex(LIBSSH2_CHANNEL *c, int stream_id,
                                 const char *buf, size_t buflen)
{
	(void)c;
	(void)stream_id;
	(void)buf;
	(void)buflen;
	return NO_NET;
}

void libssh2_channel_set_blocking(LIBSSH2_CHANNEL *c, int blocking)
{
	(void)c;
	(void)blocking;
}

int libssh2_channel_close(LIBSSH2_CHANNEL *c)
{
	(void)c;
	return NO_NET;
}

int libssh2_channel_free(LIBSSH2_CHANNEL *c)
{
	(void)c;
	return 0;
}

char *libssh2_userauth_list(LIBSSH2_SESSION *s, const char *username,
                            unsigned int username_len)
{
	(void)s;
	(void)username;
	(void)username_len;
	return NULL;
}

int libssh2_userauth_authenticated(LIBSSH2_SESSION *s)
{
	(void)s;
	return 0;
}

int libssh2_userauth_password_ex(LIBSSH2_SESSION *s, const char *username,
                                 unsigned int username_len,
                                 const char *password,
                                 unsigned int password_len,
                                 LIBSSH2_PASSWD_CHANGEREQ_FUNC((*cb)))
{
	(void)s;
	(void)username;
	(void)username_len;
	(void)password;
	(void)password_len;
	(void)cb;
	return NO_NET;
}

int libssh2_userauth_publickey_fromfile_ex(
    LIBSSH2_SESSION *s, const char *username, unsigned int username_len,
    const char *publickey, const char *privatekey, const char *passphrase)
{
	(void)s;
	(void)username;
	(void)username_len;
	(void)publickey;
	(void)privatekey;
	(void)passphrase;
	return NO_NET;
}

int libssh2_userauth_publickey(
    LIBSSH2_SESSION *s, const char *username, const unsigned char *pubkeydata,
    size_t pubkeydata_len,
    LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)), void **abstract)
{
	(void)s;
	(void)username;
	(void)pubkeydata;
	(void)pubkeydata_len;
	(void)sign_callback;
	(void)abstract;
	return NO_NET;
}

int libssh2_userauth_publickey_frommemory(
    LIBSSH2_SESSION *s, const char *username, size_t username_len,
    const char *publickeyfiledata, size_t publickeyfiledata_len,
    const char *privatekeyfiledata, size_t privatekeyfiledata_len,
    const char *passphrase)
{
	(void)s;
	(void)username;
	(void)username_len;
	(void)publickeyfiledata;
	(void)publickeyfiledata_len;
	(void)privatekeyfiledata;
	(void)privatekeyfiledata_len;
	(void)passphrase;
	return NO_NET;
}

int libssh2_userauth_keyboard_interactive_ex(
    LIBSSH2_SESSION *s, const char *username, unsigned int username_len,
    LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback)))
{
	(void)s;
	(void)username;
	(void)username_len;
	(void)response_callback;
	return NO_NET;
}

LIBSSH2_KNOWNHOSTS *libssh2_knownhost_init(LIBSSH2_SESSION *s)
{
	(void)s;
	return NULL;
}

int libssh2_knownhost_readfile(LIBSSH2_KNOWNHOSTS *hosts, const char *filename,
                               int type)
{
	(void)hosts;
	(void)filename;
	(void)type;
	return NO_NET;
}

int libssh2_knownhost_checkp(LIBSSH2_KNOWNHOSTS *hosts, const char *host,
                             int port, const char *key, size_t keylen,
                             int typemask, struct libssh2_knownhost **knownhost)
{
	(void)hosts;
	(void)host;
	(void)port;
	(void)key;
	(void)keylen;
	(void)typemask;
	if (knownhost)
		*knownhost = NULL;
	return LIBSSH2_KNOWNHOST_CHECK_FAILURE;
}

void libssh2_knownhost_free(LIBSSH2_KNOWNHOSTS *hosts)
{
	(void)hosts;
}

LIBSSH2_AGENT *libssh2_agent_init(LIBSSH2_SESSION *s)
{
	(void)s;
	return NULL;
}

int libssh2_agent_connect(LIBSSH2_AGENT *agent)
{
	(void)agent;
	return NO_NET;
}

int libssh2_agent_list_identities(LIBSSH2_AGENT *agent)
{
	(void)agent;
	return NO_NET;
}

int libssh2_agent_get_identity(LIBSSH2_AGENT *agent,
                               struct libssh2_agent_publickey **store,
                               struct libssh2_agent_publickey *prev)
{
	(void)agent;
	(void)prev;
	if (store)
		*store = NULL;
	return NO_NET;
}

int libssh2_agent_userauth(LIBSSH2_AGENT *agent, const char *username,
                           struct libssh2_agent_publickey *identity)
{
	(void)agent;
	(void)username;
	(void)identity;
	return NO_NET;
}

int libssh2_agent_disconnect(LIBSSH2_AGENT *agent)
{
	(void)agent;
	return NO_NET;
}

void libssh2_agent_free(LIBSSH2_AGENT *agent)
{
	(void)agent;
}

/* ---- mbedTLS: a configuration that loads nothing, never a context ---- */

void mbedtls_ssl_config_init(mbedtls_ssl_config *conf)
{
	memset(conf, 0, sizeof(*conf));
}

int mbedtls_ssl_config_defaults(mbedtls_ssl_config *conf, int endpoint,
                                int transport, int preset)
{
	(void)conf;
	(void)endpoint;
	(void)transport;
	(void)preset;
	return 0;
}

void mbedtls_ssl_config_free(mbedtls_ssl_config *conf)
{
	(void)conf;
}

void mbedtls_ssl_conf_min_version(mbedtls_ssl_config *conf, int major,
                                  int minor)
{
	(void)conf;
	(void)major;
	(void)minor;
}

void mbedtls_ssl_conf_authmode(mbedtls_ssl_config *conf, int authmode)
{
	(void)conf;
	(void)authmode;
}

/* Any suite is "known", so that libgit2's set-up finds one; no context
 * is ever made to use it. */
int mbedtls_ssl_get_ciphersuite_id(const char *ciphersuite_name)
{
	(void)ciphersuite_name;
	return 1;
}

void mbedtls_ssl_conf_ciphersuites(mbedtls_ssl_config *conf,
                                   const int *ciphersuites)
{
	(void)conf;
	(void)ciphersuites;
}

/* Kept where the real one keeps them: libgit2 frees them through the
 * configuration when it shuts down. */
void mbedtls_ssl_conf_rng(mbedtls_ssl_config *conf,
                          int (*f_rng)(void *, unsigned char *, size_t),
                          void *p_rng)
{
	conf->f_rng = f_rng;
	conf->p_rng = p_rng;
}

void mbedtls_ssl_conf_ca_chain(mbedtls_ssl_config *conf,
                               mbedtls_x509_crt *ca_chain,
                               mbedtls_x509_crl *ca_crl)
{
	conf->ca_chain = ca_chain;
	conf->ca_crl = ca_crl;
}

void mbedtls_ctr_drbg_init(mbedtls_ctr_drbg_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

int mbedtls_ctr_drbg_seed(mbedtls_ctr_drbg_context *ctx,
                          int (*f_entropy)(void *, unsigned char *, size_t),
                          void *p_entropy, const unsigned char *custom,
                          size_t len)
{
	(void)ctx;
	(void)f_entropy;
	(void)p_entropy;
	(void)custom;
	(void)len;
	return 0; /* no random bytes are ever asked for */
}

int mbedtls_ctr_drbg_random(void *p_rng, unsigned char *output,
                            size_t output_len)
{
	(void)p_rng;
	(void)output;
	(void)output_len;
	return NO_NET;
}

void mbedtls_ctr_drbg_free(mbedtls_ctr_drbg_context *ctx)
{
	(void)ctx;
}

void mbedtls_entropy_init(mbedtls_entropy_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

int mbedtls_entropy_func(void *data, unsigned char *output, size_t len)
{
	(void)data;
	(void)output;
	(void)len;
	return NO_NET;
}

void mbedtls_entropy_free(mbedtls_entropy_context *ctx)
{
	(void)ctx;
}

void mbedtls_x509_crt_init(mbedtls_x509_crt *crt)
{
	memset(crt, 0, sizeof(*crt));
}

int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0; /* loaded: nothing */
}

int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

void mbedtls_x509_crt_free(mbedtls_x509_crt *crt)
{
	(void)crt;
}

int mbedtls_x509_crt_verify_info(char *buf, size_t size, const char *prefix,
                                 uint32_t flags)
{
	(void)prefix;
	(void)flags;
	if (size)
		buf[0] = '\0';
	return 0;
}

void mbedtls_ssl_init(mbedtls_ssl_context *ssl)
{
	memset(ssl, 0, sizeof(*ssl));
}

/* The first step of every TLS connection: refused, so libgit2 reports
 * "failed to create ssl object" and connects nowhere. */
int mbedtls_ssl_setup(mbedtls_ssl_context *ssl, const mbedtls_ssl_config *conf)
{
	(void)ssl;
	(void)conf;
	return NO_NET;
}

int mbedtls_ssl_set_hostname(mbedtls_ssl_context *ssl, const char *hostname)
{
	(void)ssl;
	(void)hostname;
	return NO_NET;
}

void mbedtls_ssl_set_bio(mbedtls_ssl_context *ssl, void *p_bio,
                         mbedtls_ssl_send_t *f_send, mbedtls_ssl_recv_t *f_recv,
                         mbedtls_ssl_recv_timeout_t *f_recv_timeout)
{
	(void)ssl;
	(void)p_bio;
	(void)f_send;
	(void)f_recv;
	(void)f_recv_timeout;
}

int mbedtls_ssl_handshake(mbedtls_ssl_context *ssl)
{
	(void)ssl;
	return NO_NET;
}

uint32_t mbedtls_ssl_get_verify_result(const mbedtls_ssl_context *ssl)
{
	(void)ssl;
	return (uint32_t)-1; /* nothing verified */
}

const mbedtls_x509_crt *
mbedtls_ssl_get_peer_cert(const mbedtls_ssl_context *ssl)
{
	(void)ssl;
	return NULL;
}

int mbedtls_ssl_read(mbedtls_ssl_context *ssl, unsigned char *buf, size_t len)
{
	(void)ssl;
	(void)buf;
	(void)len;
	return NO_NET;
}

int mbedtls_ssl_write(mbedtls_ssl_context *ssl, const unsigned char *buf,
                      size_t len)
{
	(void)ssl;
	(void)buf;
	(void)len;
	return NO_NET;
}

int mbedtls_ssl_close_notify(mbedtls_ssl_context *ssl)
{
	(void)ssl;
	return NO_NET;
}

void mbedtls_ssl_free(mbedtls_ssl_context *ssl)
{
	(void)ssl;
}

/* ---- http_parser: no URL parses, no response is read ---- */

int http_parser_parse_url(const char *buf, size_t buflen, int is_connect,
                          struct http_parser_url *u)
{
	(void)buf;
	(void)buflen;
	(void)is_connect;
	memset(u, 0, sizeof(*u));
	return 1; /* an error */
}

void http_parser_init(http_parser *parser, enum http_parser_type type)
{
	memset(parser, 0, sizeof(*parser));
	parser->type = type;
	parser->http_errno = HPE_UNKNOWN;
}

size_t http_parser_execute(http_parser *parser,
                           const http_parser_settings *settings,
                           const char *data, size_t len)
{
	(void)settings;
	(void)data;
	(void)len;
	parser->http_errno = HPE_UNKNOWN;
	return 0; /* nothing parsed: an error */
}

void http_parser_pause(http_parser *parser, int paused)
{
	(void)parser;
	(void)paused;
}

int http_should_keep_alive(const http_parser *parser)
{
	(void)parser;
	return 0;
}

const char *http_errno_description(enum http_errno err)
{
	(void)err;
	return "HTTP is not built into mcpc";
}

/* ---- GSSAPI (SPNEGO authentication): no mechanism ---- */

/* gssapi.h's types as the ABI has them (no header: libgit2's archive
 * needs the names, nothing else of Kerberos): OM_uint32 is a 32-bit
 * unsigned integer, every other argument a pointer. GSS_S_FAILURE is
 * (13 << 16). */
typedef uint32_t om_uint32;
#define GSS_FAILURE ((om_uint32)13 << 16)

void *GSS_C_NT_HOSTBASED_SERVICE = NULL;

om_uint32 gss_import_name(om_uint32 *minor, void *name, void *type, void **out);
om_uint32 gss_import_name(om_uint32 *minor, void *name, void *type, void **out)
{
	(void)name;
	(void)type;
	*minor = 0;
	*out = NULL;
	return GSS_FAILURE;
}

om_uint32 gss_indicate_mechs(om_uint32 *minor, void **mechs);
om_uint32 gss_indicate_mechs(om_uint32 *minor, void **mechs)
{
	*minor = 0;
	*mechs = NULL;
	return GSS_FAILURE;
}

om_uint32 gss_init_sec_context(om_uint32 *minor, void *cred, void **ctx,
                               void *target, void *mech, om_uint32 flags,
                               om_uint32 time, void *bindings, void *input,
                               void **actual_mech, void *output,
                               om_uint32 *ret_flags, om_uint32 *ret_time);
om_uint32 gss_init_sec_context(om_uint32 *minor, void *cred, void **ctx,
                               void *target, void *mech, om_uint32 flags,
                               om_uint32 time, void *bindings, void *input,
                               void **actual_mech, void *output,
                               om_uint32 *ret_flags, om_uint32 *ret_time)
{
	(void)cred;
	(void)ctx;
	(void)target;
	(void)mech;
	(void)flags;
	(void)time;
	(void)bindings;
	(void)input;
	(void)actual_mech;
	(void)output;
	(void)ret_flags;
	(void)ret_time;
	*minor = 0;
	return GSS_FAILURE;
}

om_uint32 gss_delete_sec_context(om_uint32 *minor, void **ctx, void *output);
om_uint32 gss_delete_sec_context(om_uint32 *minor, void **ctx, void *output)
{
	(void)ctx;
	(void)output;
	*minor = 0;
	return 0;
}

om_uint32 gss_display_status(om_uint32 *minor, om_uint32 status,
                             int status_type, void *mech,
                             om_uint32 *message_context, void *string);
om_uint32 gss_display_status(om_uint32 *minor, om_uint32 status,
                             int status_type, void *mech,
                             om_uint32 *message_context, void *string)
{
	(void)status;
	(void)status_type;
	(void)mech;
	(void)string;
	*minor = 0;
	*message_context = 0;
	return GSS_FAILURE;
}

om_uint32 gss_release_buffer(om_uint32 *minor, void *buffer);
om_uint32 gss_release_buffer(om_uint32 *minor, void *buffer)
{
	(void)buffer;
	*minor = 0;
	return 0;
}

om_uint32 gss_release_name(om_uint32 *minor, void **name);
om_uint32 gss_release_name(om_uint32 *minor, void **name)
{
	(void)name;
	*minor = 0;
	return 0;
}

om_uint32 gss_release_oid_set(om_uint32 *minor, void **set);
om_uint32 gss_release_oid_set(om_uint32 *minor, void **set)
{
	(void)set;
	*minor = 0;
	return 0;
}

#endif /* MCPC_STATIC_GIT2 */
