/* stub: being written */
#include "config.h"
#include "cli/cli.h"
int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("report: not implemented yet");
	return CT_EXIT_FAILURE;
}
