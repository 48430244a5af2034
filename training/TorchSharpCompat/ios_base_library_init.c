/* std::ios_base::ios_base_library_init(), which GCC 13's <iostream> calls to initialise the standard streams.
   GCC 12's libstdc++ initialises them itself and has no such function, so on such a system it has nothing to do. */
void pipeline_ios_base_library_init(void) __asm__("_ZNSt8ios_base20ios_base_library_initEv");
void pipeline_ios_base_library_init(void) {}
